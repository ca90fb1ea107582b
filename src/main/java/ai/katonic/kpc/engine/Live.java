package ai.katonic.kpc.engine;

import java.util.Map;

/** A resource as it exists in AWS: its id and the values dependants need (ARNs, endpoints, ...). */
public record Live(String awsId, Map<String, String> outputs) {
    public Live {
        outputs = Map.copyOf(outputs);
    }

    public static Live of(String awsId) {
        return new Live(awsId, Map.of());
    }

    public static Live of(String awsId, Map<String, String> outputs) {
        return new Live(awsId, outputs);
    }

    public String out(String key) {
        String v = outputs.get(key);
        if (v == null) throw new IllegalStateException("resource " + awsId + " has no output " + key);
        return v;
    }
}
