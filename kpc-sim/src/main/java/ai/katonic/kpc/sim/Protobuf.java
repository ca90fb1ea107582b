package ai.katonic.kpc.sim;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Reads the Kubernetes protobuf encoding (the {@code k8s\0} envelope around a {@code runtime.Unknown})
 * for the few kinds Helm writes through typed clients — its release records, Secrets, and ConfigMaps —
 * and turns them into the JSON the mock API server stores. client-go sends protobuf for built-in types
 * and the mock parses only JSON/YAML; translating at the door keeps Helm's own code path untouched.
 * Field numbers are those of k8s.io/api/core/v1/generated.proto and apimachinery's generated.proto.
 */
final class Protobuf {
    static final byte[] MAGIC = {'k', '8', 's', 0};
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Protobuf() {}

    static boolean isEnvelope(byte[] body) {
        return body.length >= MAGIC.length && Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC);
    }

    /** The object as JSON, or empty for a kind this translation does not know. */
    static Optional<ObjectNode> toJson(byte[] body) {
        Reader unknown = new Reader(Arrays.copyOfRange(body, MAGIC.length, body.length));
        String apiVersion = "", kind = "";
        byte[] raw = new byte[0];
        for (Field f : unknown.fields()) {
            if (f.number() == 1) {
                for (Field t : new Reader(f.bytes()).fields()) {
                    if (t.number() == 1) apiVersion = t.string();
                    if (t.number() == 2) kind = t.string();
                }
            } else if (f.number() == 2) {
                raw = f.bytes();
            }
        }
        ObjectNode out = F.objectNode().put("apiVersion", apiVersion).put("kind", kind);
        switch (apiVersion + "/" + kind) {
            case "v1/Secret" -> {
                for (Field f : new Reader(raw).fields()) {
                    switch (f.number()) {
                        case 1 -> out.set("metadata", objectMeta(f.bytes()));
                        case 2 -> mapEntry(out.withObjectProperty("data"), f.bytes(), true);
                        case 3 -> out.put("type", f.string());
                        case 4 -> mapEntry(out.withObjectProperty("stringData"), f.bytes(), false);
                        case 5 -> out.put("immutable", f.varint() != 0);
                        default -> { }
                    }
                }
            }
            case "v1/ConfigMap" -> {
                for (Field f : new Reader(raw).fields()) {
                    switch (f.number()) {
                        case 1 -> out.set("metadata", objectMeta(f.bytes()));
                        case 2 -> mapEntry(out.withObjectProperty("data"), f.bytes(), false);
                        case 3 -> mapEntry(out.withObjectProperty("binaryData"), f.bytes(), true);
                        case 4 -> out.put("immutable", f.varint() != 0);
                        default -> { }
                    }
                }
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    private static ObjectNode objectMeta(byte[] bytes) {
        ObjectNode meta = F.objectNode();
        for (Field f : new Reader(bytes).fields()) {
            switch (f.number()) {
                case 1 -> meta.put("name", f.string());
                case 2 -> meta.put("generateName", f.string());
                case 3 -> meta.put("namespace", f.string());
                case 5 -> meta.put("uid", f.string());
                case 6 -> meta.put("resourceVersion", f.string());
                case 7 -> meta.put("generation", f.varint());
                case 11 -> mapEntry(meta.withObjectProperty("labels"), f.bytes(), false);
                case 12 -> mapEntry(meta.withObjectProperty("annotations"), f.bytes(), false);
                case 14 -> meta.withArrayProperty("finalizers").add(f.string());
                default -> { } // timestamps are the server's; owner references and managed fields Helm does not set here
            }
        }
        return meta;
    }

    /** One entry of a protobuf map (key = field 1, value = field 2); bytes values become base64 as in JSON. */
    private static void mapEntry(ObjectNode into, byte[] entry, boolean bytesValue) {
        String key = "";
        byte[] value = new byte[0];
        for (Field f : new Reader(entry).fields()) {
            if (f.number() == 1) key = f.string();
            if (f.number() == 2) value = f.bytes();
        }
        into.put(key, bytesValue ? Base64.getEncoder().encodeToString(value) : new String(value, StandardCharsets.UTF_8));
    }

    /** One field off the wire: its number and either its varint or its bytes. */
    record Field(int number, long varint, byte[] bytes) {
        String string() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The protobuf wire format, just enough of it: varints, length-delimited fields, fixed 32/64 skipped. */
    static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        List<Field> fields() {
            List<Field> out = new ArrayList<>();
            while (pos < buf.length) {
                long tag = varint();
                int number = (int) (tag >>> 3);
                switch ((int) (tag & 7)) {
                    case 0 -> out.add(new Field(number, varint(), new byte[0]));
                    case 1 -> pos += 8;
                    case 2 -> {
                        int len = (int) varint();
                        if (len < 0 || pos + len > buf.length) throw new IllegalArgumentException("truncated protobuf field " + number);
                        out.add(new Field(number, 0, Arrays.copyOfRange(buf, pos, pos + len)));
                        pos += len;
                    }
                    case 5 -> pos += 4;
                    default -> throw new IllegalArgumentException("unsupported protobuf wire type in field " + number);
                }
            }
            return out;
        }

        private long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= buf.length) throw new IllegalArgumentException("truncated protobuf varint");
                byte b = buf[pos++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) return value;
            }
            throw new IllegalArgumentException("malformed protobuf varint");
        }
    }
}
