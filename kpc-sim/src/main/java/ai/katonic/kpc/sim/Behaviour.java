package ai.katonic.kpc.sim;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Something the simulator does that moto does not: answer instead of moto, or change moto's answer. */
public interface Behaviour {

    /** A response as it goes back to kpc. {@code reset} drops the connection instead, as a flaky network does. */
    record Reply(int status, Map<String, List<String>> headers, byte[] body, boolean reset) {
        public static Reply of(AwsError.Wire w) {
            Map<String, List<String>> h = new java.util.LinkedHashMap<>();
            w.headers().forEach((k, v) -> h.put(k, List.of(v)));
            return new Reply(w.status(), h, w.body(), false);
        }

        public Reply withBody(byte[] newBody) {
            return new Reply(status, headers, newBody, reset);
        }

        public Reply withStatus(int newStatus, byte[] newBody) {
            Map<String, List<String>> h = new java.util.LinkedHashMap<>(headers);
            h.keySet().removeIf(k -> k.equalsIgnoreCase("x-amzn-ErrorType"));
            return new Reply(newStatus, h, newBody, reset);
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    default Optional<Reply> before(AwsCall call) {
        return Optional.empty();
    }

    default Reply after(AwsCall call, Reply reply) {
        return reply;
    }

    /** Sees every call's final answer, whichever behaviour (or moto) gave it. */
    default void answered(AwsCall call, Reply reply) {
    }

    /**
     * Whether the answer, already given and seen by every behaviour (the call took effect), is lost
     * on its way back: the client sees the connection drop, as after a timeout on AWS.
     */
    default boolean losesAnswer(AwsCall call, Reply reply) {
        return false;
    }

    /** A behaviour that only ever refuses calls, with an AWS error in the call's protocol. */
    static Behaviour refusing(java.util.function.Function<AwsCall, Optional<AwsError>> rule) {
        return new Behaviour() {
            @Override
            public Optional<Reply> before(AwsCall call) {
                return rule.apply(call).map(e -> Reply.of(e.render(call.protocol())));
            }
        };
    }
}
