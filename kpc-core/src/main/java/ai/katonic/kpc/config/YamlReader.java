package ai.katonic.kpc.config;

import ai.katonic.kpc.config.YNode.Pos;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLParser;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Reads YAML text into a {@link YNode} tree with positions. Hostile input (binary, huge, alias
 * bombs, duplicate keys, several documents, deep nesting) becomes a diagnostic, never an exception.
 */
public final class YamlReader {
    /** A cluster config is a page of YAML; anything this big is a mistake or an attack. */
    public static final int MAX_BYTES = 256 * 1024;
    private static final int MAX_DEPTH = 32;

    /**
     * The booleans of YAML 1.1 (its bool type: y, yes, on, n, no, off in three spellings each). Jackson 3 reads YAML
     * 1.2, where only true and false are; kpc read these as booleans before, as Kubernetes' own YAML does, so an
     * unquoted one still is. Quoted, it is the string.
     */
    private static final Map<String, Boolean> YAML_1_1_BOOLEANS = words();

    private static Map<String, Boolean> words() {
        Map<String, Boolean> m = new java.util.HashMap<>();
        for (String w : List.of("y", "Y", "yes", "Yes", "YES", "on", "On", "ON")) m.put(w, Boolean.TRUE);
        for (String w : List.of("n", "N", "no", "No", "NO", "off", "Off", "OFF")) m.put(w, Boolean.FALSE);
        return Map.copyOf(m);
    }

    private final Diagnostics diags;
    private String text = "";

    public YamlReader(Diagnostics diags) {
        this.diags = diags;
    }

    /** Returns the root node, or null when the file cannot be read as YAML (diagnostics say why). */
    public YNode read(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            diags.error(Pos.NONE, "", "file is " + bytes.length + " bytes; a kpc config may be at most " + MAX_BYTES
                    + " bytes (is this the right file?)");
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            diags.error(Pos.NONE, "", "file is not UTF-8 text (binary file?); expected a YAML cluster config");
            return null;
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            diags.error(positionOf(text, nul), "", "file contains NUL bytes (binary file?); expected a YAML cluster config");
            return null;
        }
        if (text.isBlank() || text.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
            diags.error(Pos.NONE, "", "file is empty; run `kpc init` to write a starting config");
            return null;
        }
        LoadSettings settings = LoadSettings.builder().setMaxAliasesForCollections(10).setCodePointLimit(MAX_BYTES).build();
        YAMLFactory factory = YAMLFactory.builder()
                .loadSettings(settings)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                .build();
        this.text = text;
        try (YAMLParser p = (YAMLParser) factory.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                diags.error(Pos.NONE, "", "file holds no YAML document");
                return null;
            }
            YNode root = node(p, 0);
            if (root == null) return null;
            JsonToken extra = p.nextToken();
            if (extra != null) {
                diags.error(pos(p.currentTokenLocation()), "", "file holds more than one YAML document; put the whole config in one");
                return null;
            }
            return root;
        } catch (JacksonException e) {
            if (e.getCause() instanceof MarkedYamlEngineException m && m.getProblemMark().isPresent()) {
                // SnakeYAML knows where the problem is and what it is; Jackson's summary only knows the context.
                Mark mark = m.getProblemMark().get();
                Pos at = new Pos(mark.getLine() + 1, mark.getColumn() + 1);
                String what = m.getProblem() == null ? m.getContext() : m.getProblem();
                diags.error(at, "", "YAML syntax error: " + firstLine(what)
                        + (m.getContext() == null ? "" : " (" + firstLine(m.getContext()) + ")"));
                return null;
            }
            TokenStreamLocation loc = e.getLocation();
            diags.error(loc == null ? Pos.NONE : pos(loc), "", "YAML syntax error: " + firstLine(e.getOriginalMessage()));
            return null;
        } catch (RuntimeException e) {
            // SnakeYAML reports limits (aliases, depth, size) as runtime exceptions with a location in the text.
            diags.error(Pos.NONE, "", "YAML could not be read: " + firstLine(String.valueOf(e.getMessage())));
            return null;
        }
    }

    private YNode node(YAMLParser p, int depth) {
        Pos at = pos(p.currentTokenLocation());
        if (p.isCurrentAlias()) {
            diags.error(at, "", "YAML aliases (*" + p.getString() + ") are not supported in a kpc config; write the value out");
            return null;
        }
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, YNode.Entry> entries = new LinkedHashMap<>();
                boolean ok = true;
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String key = p.currentName();
                    Pos keyPos = pos(p.currentTokenLocation());
                    p.nextToken();
                    YNode value = node(p, depth + 1);
                    if (value == null) {
                        ok = false;
                        continue;
                    }
                    YNode.Entry previous = entries.get(key);
                    if (previous != null) {
                        diags.error(keyPos, "", "duplicate key '" + key + "' (first defined at line "
                                + previous.keyPos().line() + "); each key may appear once");
                        ok = false;
                        continue;
                    }
                    entries.put(key, new YNode.Entry(keyPos, value));
                }
                return ok ? new YNode.YMap(at, entries) : null;
            }
            case START_ARRAY -> {
                List<YNode> items = new ArrayList<>();
                boolean ok = true;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    YNode item = node(p, depth + 1);
                    if (item == null) ok = false;
                    else items.add(item);
                }
                return ok ? new YNode.YList(at, items) : null;
            }
            case VALUE_STRING -> {
                Boolean word = plain(p) ? YAML_1_1_BOOLEANS.get(p.getString()) : null;
                return new YNode.YScalar(at, word != null ? word : p.getString(), p.getString());
            }
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return new YNode.YScalar(at, p.getString(), p.getString());
                }
                return new YNode.YScalar(at, p.getLongValue(), p.getString());
            }
            case VALUE_NUMBER_FLOAT -> {
                return new YNode.YScalar(at, p.getDoubleValue(), p.getString());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new YNode.YScalar(at, t == JsonToken.VALUE_TRUE, p.getString());
            }
            case VALUE_NULL -> {
                return new YNode.YScalar(at, null, "");
            }
            default -> {
                diags.error(at, "", "unexpected YAML content (" + t + ")");
                return null;
            }
        }
    }

    /** Whether the current scalar is written plain (not quoted, not a block scalar), read off the text where it starts. */
    private boolean plain(YAMLParser p) {
        long at = p.currentTokenLocation().getCharOffset();
        if (at < 0 || at >= text.length()) return false;
        char c = text.charAt((int) at);
        return c != '"' && c != '\'' && c != '|' && c != '>' && c != '!';
    }

    private static Pos pos(TokenStreamLocation loc) {
        return new Pos(Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
    }

    private static Pos positionOf(String text, int offset) {
        int line = 1, col = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new Pos(line, col);
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        String line = s.strip().lines().findFirst().orElse(s);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
