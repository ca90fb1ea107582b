package ai.katonic.kpc.cli;

import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.plan.Plan;
import ai.katonic.kpc.state.State;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Terraform's saved plans: {@code kpc plan --out FILE} records what apply would do and what it was
 * planned from (the config's bytes and the state's records, by digest); {@code kpc apply FILE} does
 * exactly that, or refuses when the config, the state or the plan drawn from them changed since.
 * Applying a saved plan is its confirmation. A plan holds ids, actions and reasons: no secret.
 */
final class SavedPlan {
    private static final ObjectMapper JSON = ai.katonic.kpc.runtime.Jackson.JSON;

    private SavedPlan() {}

    static void write(Path file, Path config, State state, String cluster, String region, Plan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kpc_plan", 1);
        m.put("cluster_name", cluster);
        m.put("region", region);
        m.put("config", config.toAbsolutePath().normalize().toString());
        m.put("config_sha256", sha256(read(config)));
        m.put("state_sha256", stateDigest(state));
        m.put("changes", changes(plan));
        try {
            Files.writeString(file, Json.write(m) + System.lineSeparator());
            try {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // a file system without modes
            }
        } catch (IOException e) {
            throw new KpcException.InvalidInput("cannot write the plan to " + file + ": " + e.getMessage());
        }
    }

    /** Refuses (exit 2, nothing changed) unless the plan in {@code file} is what would be planned now. */
    static void requireCurrent(Path file, Path config, State state, String cluster, String region, Plan now) {
        JsonNode saved;
        try {
            saved = JSON.readTree(read(file));
        } catch (tools.jackson.core.JacksonException e) {
            throw new KpcException.InvalidInput(file + " is not a plan kpc wrote (" + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("") + ")");
        }
        if (saved == null || saved.path("kpc_plan").asInt() != 1) throw new KpcException.InvalidInput(file + " is not a plan kpc wrote (`kpc plan --out FILE`)");
        String again = "; nothing was changed. Run `kpc plan -f " + config + " --out " + file + "` again and apply that";
        if (!saved.path("cluster_name").asString().equals(cluster) || !saved.path("region").asString().equals(region)) {
            throw new KpcException.InvalidInput(file + " is a plan for cluster " + saved.path("cluster_name").asString() + " in "
                    + saved.path("region").asString() + ", not " + cluster + " in " + region + again);
        }
        if (!saved.path("config_sha256").asString().equals(sha256(read(config)))) {
            throw new KpcException.InvalidInput("the saved plan " + file + " is stale: " + config + " changed since it was made" + again);
        }
        if (!saved.path("state_sha256").asString().equals(stateDigest(state))) {
            throw new KpcException.InvalidInput("the saved plan " + file + " is stale: the state changed since it was made (another apply?)" + again);
        }
        if (!JSON.valueToTree(changes(now)).equals(saved.path("changes"))) {
            throw new KpcException.InvalidInput("the saved plan " + file + " is stale: kpc plans other changes now" + again);
        }
    }

    private static List<Map<String, String>> changes(Plan plan) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Plan.Change c : plan.changes()) {
            if (c.action() == Plan.Action.NOOP) continue;
            Map<String, String> m = new LinkedHashMap<>();
            m.put("id", c.resource().id());
            m.put("action", c.action().word());
            m.put("reason", c.reason());
            out.add(m);
        }
        return out;
    }

    private static String stateDigest(State state) {
        Map<String, Object> m = new TreeMap<>();
        m.put("records", new TreeMap<>(state.snapshot()));
        // a state that records nothing yet is made afresh by each run, with a generation of its own
        if (!state.isEmpty()) m.put("generation", String.valueOf(state.generation()));
        m.put("eks_version", String.valueOf(state.eksVersion()));
        return sha256(Json.write(m).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new KpcException.InvalidInput("cannot read " + p + ": " + e.getMessage());
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
