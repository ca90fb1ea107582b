package ai.katonic.kpc.sim;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** An AWS error in the shape the SDK expects from each protocol, so it parses code and message as from AWS. */
public record AwsError(int status, String code, String message) {

    public record Wire(int status, Map<String, String> headers, byte[] body) {}

    public Wire render(AwsCall.Protocol protocol) {
        String id = UUID.randomUUID().toString();
        String xmlMessage = escape(message);
        return switch (protocol) {
            case EC2_QUERY -> xml("<Response><Errors><Error><Code>" + code + "</Code><Message>" + xmlMessage
                    + "</Message></Error></Errors><RequestID>" + id + "</RequestID></Response>", id);
            case QUERY -> xml("<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + xmlMessage
                    + "</Message></Error><RequestId>" + id + "</RequestId></ErrorResponse>", id);
            case REST_XML -> xml("<Error><Code>" + code + "</Code><Message>" + xmlMessage + "</Message><RequestId>" + id
                    + "</RequestId></Error>", id);
            case REST_JSON -> new Wire(status, Map.of("Content-Type", "application/json", "x-amzn-ErrorType", code,
                    "x-amzn-RequestId", id), ("{\"message\":\"" + jsonEscape(message) + "\"}").getBytes(StandardCharsets.UTF_8));
            case JSON -> new Wire(status, Map.of("Content-Type", "application/x-amz-json-1.1", "x-amzn-RequestId", id),
                    ("{\"__type\":\"" + code + "\",\"message\":\"" + jsonEscape(message) + "\"}").getBytes(StandardCharsets.UTF_8));
        };
    }

    private Wire xml(String body, String id) {
        return new Wire(status, Map.of("Content-Type", "text/xml", "x-amzn-RequestId", id), body.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String jsonEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
