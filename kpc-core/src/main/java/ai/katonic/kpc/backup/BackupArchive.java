package ai.katonic.kpc.backup;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A Velero backup tarball ({@code <name>.tar.gz}: {@code metadata/version} and one JSON file per
 * object under {@code resources/<resource>/namespaces/<ns>/<name>.json} or {@code .../cluster/<name>.json}),
 * read entry by entry — POSIX/GNU tar with PAX long names, as Go's archive/tar writes it — so that
 * a truncated or corrupt archive is found before anyone needs it.
 */
public final class BackupArchive {
    private BackupArchive() {}

    /** One file of the archive. */
    public record Entry(String path, long size) {}

    /** The archive's files; IOException with the reason when it is not a whole gzip'd tar. */
    public static List<Entry> entries(byte[] tarGz) throws IOException {
        return contents(tarGz).entrySet().stream().map(e -> new Entry(e.getKey(), e.getValue().length)).toList();
    }

    /** The archive's regular files and their bytes, in the archive's order. */
    public static java.util.Map<String, byte[]> contents(byte[] tarGz) throws IOException {
        java.util.Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tarGz))) {
            byte[] header = new byte[512];
            String longName = null;
            while (true) {
                if (!readFully(in, header)) throw new EOFException("the tar stream ends without its end-of-archive blocks");
                if (allZero(header)) break;
                String name = longName != null ? longName : name(header);
                longName = null;
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                byte[] body = new byte[(int) size];
                if (!readFully(in, body)) throw new EOFException("the tar stream ends inside " + name);
                skip(in, (512 - size % 512) % 512);
                if (type == 'x') longName = paxPath(body);
                else if (type == 'L') longName = new String(body, StandardCharsets.UTF_8).replace("\0", "");
                else if (type == '0' || type == 0) out.put(name, body);
            }
        }
        return out;
    }

    private static String name(byte[] h) {
        String name = field(h, 0, 100);
        String prefix = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar") ? field(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** PAX extended header records: "<len> path=<value>\n". */
    private static String paxPath(byte[] body) {
        for (String record : new String(body, StandardCharsets.UTF_8).split("\n")) {
            int sp = record.indexOf(' ');
            if (sp > 0 && record.startsWith("path=", sp + 1)) return record.substring(sp + 6);
        }
        return null;
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) end++;
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private static boolean readFully(InputStream in, byte[] buf) throws IOException {
        int n = 0;
        while (n < buf.length) {
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) return false;
            n += r;
        }
        return true;
    }

    private static void skip(InputStream in, long n) throws IOException {
        if (!readFully(in, new byte[(int) n])) throw new EOFException("the tar stream ends inside its padding");
    }
}
