package ai.katonic.kpc.state;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;

/** The state file's JSON form, shared by every backend. */
final class StateJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);

    private StateJson() {}

    static byte[] write(State s) {
        synchronized (s) {
            try {
                return MAPPER.writeValueAsBytes(s);
            } catch (IOException e) {
                throw new IllegalStateException("cannot serialise state", e);
            }
        }
    }

    /** The state, or an IOException whose message is one plain line (where it broke), never the parser's internals. */
    static State read(byte[] bytes) throws IOException {
        if (bytes.length == 0) throw new IOException("it is empty");
        try {
            State s = MAPPER.readValue(bytes, State.class);
            if (s == null || s.resources == null) throw new IOException("it holds no kpc state");
            // A state of kpc before generations that holds nothing (destroyed) starts a new install: fresh tokens.
            if (s.generation == null && s.resources.isEmpty()) s.newInstall();
            return s;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            boolean truncated = e instanceof com.fasterxml.jackson.core.io.JsonEOFException
                    || String.valueOf(e.getOriginalMessage()).contains("end-of-input");
            throw new IOException(truncated ? "it ends early" + where + " (truncated)"
                    : "it is not kpc's state JSON" + where);
        }
    }
}
