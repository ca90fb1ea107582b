package ai.katonic.kpc.state;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.core.JacksonException;
import java.io.IOException;

/** The state file's JSON form, shared by every backend. */
final class StateJson {
    private static final ObjectMapper MAPPER = ai.katonic.kpc.runtime.Jackson.json()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .changeDefaultVisibility(v -> v.withVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY))
            .build();

    private StateJson() {}

    static byte[] write(State s) {
        synchronized (s) {
            try {
                return MAPPER.writeValueAsBytes(s);
            } catch (JacksonException e) {
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
        } catch (tools.jackson.core.JacksonException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            boolean truncated = e instanceof tools.jackson.core.exc.UnexpectedEndOfInputException
                    || String.valueOf(e.getOriginalMessage()).contains("end-of-input");
            throw new IOException(truncated ? "it ends early" + where + " (truncated)"
                    : "it is not kpc's state JSON" + where);
        }
    }
}
