package ai.katonic.kpc.engine;

import ai.katonic.kpc.aws.TaggedInventory;
import ai.katonic.kpc.aws.elb.KubernetesLeftovers;
import ai.katonic.kpc.aws.preflight.PreflightChecks;
import ai.katonic.kpc.state.S3StateStore;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every AWS action kpc calls for preflight, apply, status and destroy, gathered from the tables
 * declared next to the calls. The installer policy of #6 is to be derived from this; a test
 * checks it against the calls the simulator actually saw.
 */
public final class Actions {
    private Actions() {}

    public static Set<String> declared() {
        Set<String> all = new TreeSet<>();
        Handlers.all().forEach(h -> all.addAll(h.actions()));
        all.addAll(KubernetesLeftovers.actions());
        all.addAll(TaggedInventory.actions());
        all.addAll(PreflightChecks.actions());
        all.addAll(S3StateStore.actions());
        return all;
    }
}
