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

    /**
     * This resource with the outputs learned earlier (at create time) that a describe does not
     * return; what this describe says wins.
     */
    public Live withRecorded(Map<String, String> recorded) {
        if (recorded == null || recorded.isEmpty()) return this;
        Map<String, String> out = new java.util.HashMap<>(recorded);
        out.putAll(outputs);
        return new Live(awsId, out);
    }

    public String out(String key) {
        String v = outputs.get(key);
        if (v == null) throw new IllegalStateException("resource " + awsId + " has no output " + key);
        return v;
    }
}
