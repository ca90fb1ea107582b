package ai.katonic.kpc.cli;

import ai.katonic.kpc.aws.preflight.InstallerPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code kpc policy installer} prints: the policies (or the files they went to) and the AWS CLI commands that make them. */
final class InstallerPolicyText {
    private InstallerPolicyText() {}

    /** {@code outDir} non-null: each policy written to DIR/NAME.json; {@code user}/{@code role}: whom the commands attach them to. */
    static void print(PrintWriter out, OutputOption output, List<InstallerPolicy.Part> parts, Path outDir, String user, String role)
            throws IOException {
        List<String> files = new ArrayList<>();
        for (InstallerPolicy.Part p : parts) {
            Path file = (outDir == null ? Path.of(".") : outDir).resolve(p.name() + ".json");
            files.add(file.toString());
            if (outDir != null) {
                Files.createDirectories(outDir);
                Files.writeString(file, Json.write(p.document()) + System.lineSeparator());
            }
        }
        List<String> commands = commands(parts, files, user, role);
        if (output.json()) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", parts.get(i).name());
                m.put("characters", parts.get(i).characters());
                if (outDir != null) m.put("file", files.get(i));
                m.put("document", parts.get(i).document());
                list.add(m);
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("limit", InstallerPolicy.MANAGED_POLICY_LIMIT);
            json.put("policies", list);
            json.put("commands", commands);
            out.println(output.render(json));
            return;
        }
        out.println("# " + parts.size() + " customer managed policies (IAM allows " + InstallerPolicy.MANAGED_POLICY_LIMIT
                + " characters without white space in one; 10 managed policies per user or role by default)");
        for (int i = 0; i < parts.size(); i++) {
            InstallerPolicy.Part p = parts.get(i);
            if (outDir != null) {
                out.println("# wrote " + files.get(i) + " (" + p.characters() + " characters)");
            } else {
                out.println("# " + p.name() + " (" + p.characters() + " characters): save as " + files.get(i));
                out.println(Json.write(p.document()));
            }
        }
        out.println("# create and attach them:");
        commands.forEach(out::println);
    }

    private static List<String> commands(List<InstallerPolicy.Part> parts, List<String> files, String user, String role) {
        List<String> out = new ArrayList<>();
        out.add("ACCOUNT=$(aws sts get-caller-identity --query Account --output text)");
        String attach = role != null ? "aws iam attach-role-policy --role-name " + role
                : "aws iam attach-user-policy --user-name " + (user != null ? user : "\"$INSTALLER_USER\"");
        for (int i = 0; i < parts.size(); i++) {
            String name = parts.get(i).name();
            out.add("aws iam create-policy --policy-name " + name + " --policy-document file://" + files.get(i));
            out.add(attach + " --policy-arn \"arn:aws:iam::${ACCOUNT}:policy/" + name + "\"");
        }
        return out;
    }
}
