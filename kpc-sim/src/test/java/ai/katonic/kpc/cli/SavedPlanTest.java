package ai.katonic.kpc.cli;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.engine.Moto;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eks.EksClient;

/** Terraform's saved plans: apply does exactly the plan saved, and refuses one made from another config or state. */
@EndToEnd
class SavedPlanTest {
    @RegisterExtension
    static Moto moto = new Moto();

    @TempDir
    Path dir;

    @Test
    void aSavedPlanIsAppliedAsItIsAndRefusedOnceTheConfigOrTheStateChanged() throws Exception {
        Path config = Moto.config(dir, "saved");
        Path plan = dir.resolve("plan.json");
        Cli.Result p = moto.kpc("plan", "-f", config.toString(), "--out", plan.toString());
        assertThat(p.exit()).as(p.all()).isZero();
        assertThat(p.out()).contains("Saved to " + plan);
        assertThat(Files.readString(plan).replace(" ", "")).contains("\"action\":\"create\"").doesNotContain("BEGIN", "PRIVATE KEY");
        // no --yes and no terminal: the saved plan is the confirmation
        Cli.Result a = moto.kpc("apply", "-f", config.toString(), plan.toString());
        assertThat(a.exit()).as(a.all()).isZero();
        assertThat(a.out()).contains("Applying the saved plan").contains("Apply complete");

        // the config changed after the plan was saved
        String text = Files.readString(config);
        String grown = text.replace("compute:    {instance_type: m5.4xlarge, min_size: 1, desired_size: 1, max_size: 10,",
                "compute:    {instance_type: m5.4xlarge, min_size: 1, desired_size: 2, max_size: 10,");
        assertThat(grown).isNotEqualTo(text);
        Files.writeString(config, grown);
        assertThat(moto.kpc("plan", "-f", config.toString(), "--out", plan.toString()).exit()).isZero();
        assertThat(Files.readString(plan)).contains("desired_size 1 → 2");
        Files.writeString(config, grown.replace("max_size: 10,", "max_size: 11,"));
        Cli.Result stale = moto.kpc("apply", "-f", config.toString(), plan.toString());
        assertThat(stale.exit()).as(stale.all()).isEqualTo(2);
        assertThat(stale.err()).contains("is stale", "changed since it was made", "nothing was changed");
        EksClient eks = moto.client(EksClient.builder());
        assertThat(eks.describeNodegroup(b -> b.clusterName("saved").nodegroupName("compute")).nodegroup().scalingConfig().desiredSize()).isEqualTo(1);

        // the state changed after the plan was saved (another apply made it)
        assertThat(moto.kpc("plan", "-f", config.toString(), "--out", plan.toString()).exit()).isZero();
        assertThat(moto.kpc("apply", "-f", config.toString(), "--yes").exit()).isZero();
        Cli.Result after = moto.kpc("apply", "-f", config.toString(), plan.toString());
        assertThat(after.exit()).as(after.all()).isEqualTo(2);
        assertThat(after.err()).contains("is stale", "the state changed");
    }
}
