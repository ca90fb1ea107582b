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

    static State read(byte[] bytes) throws IOException {
        return MAPPER.readValue(bytes, State.class);
    }
}
