package ai.katonic.kpc.engine;

import ai.katonic.kpc.plan.Spec;
import ai.katonic.kpc.plan.Resource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one kind of AWS resource is found, made and removed, in the manner of Cluster API Provider
 * AWS's reconcileX / deleteX. A handler talks to AWS; the executor decides when it runs.
 */
public interface Handler<S extends Spec> {

    Class<S> specType();

    /** Finds the live resource: by the id kpc recorded, else by kpc's tags. Empty if it does not exist. */
    Optional<Live> observe(StepContext ctx, S spec);

    /** Creates it, tagged in the same call, waits until usable, and returns what dependants need. */
    Live create(StepContext ctx, S spec);

    /**
     * Completes a resource found by tag that an interrupted run created but never finished (an
     * internet gateway not yet attached, policies not yet attached). Must be idempotent.
     */
    default Live finish(StepContext ctx, S spec, Live found) {
        return found;
    }

    /** Deletes it and waits until dependants' deletion can proceed. Not-found counts as done. */
    void delete(StepContext ctx, S spec, Live live);

    /** The IAM actions this handler calls, declared next to the calls. */
    List<String> actions();

    /** The IAM actions it calls for this one resource, where that depends on the spec. */
    default List<String> actions(S spec) {
        return actions();
    }

    /**
     * Names this resource to the installer policy's narrowed statements (a role, an instance profile, a key's
     * alias), where the kind has names of its own to narrow to; {@code graph}: the resources it refers to.
     */
    default void scopePolicy(S spec, ai.katonic.kpc.plan.ResourceGraph graph, ai.katonic.kpc.aws.PolicyResources into) {
    }

    /**
     * Handlers whose resources can all be found with one tag-filtered call per kind implement
     * this; status and apply then need one describe per kind instead of one per resource.
     */
    interface BatchObserver {
        /**
         * The resources of this kind that exist, keyed by resource id; {@code mine} are this kind's
         * resources in the graph. A resource left out is looked up by its own step.
         */
        Map<String, Live> observeAll(RunContext run, List<Resource> mine);

        /**
         * Whether a resource left out of {@link #observeAll}'s answer (and not in state) certainly
         * does not exist. Not so for kinds found through their parents' ids (routes, associations,
         * mount targets): with the state lost, the parents are not known before the walk.
         */
        default boolean absenceIsCertain() {
            return true;
        }

        /**
         * For kinds AWS lists by name only (node groups and add-ons of a cluster, IAM roles): the
         * resources of {@code mine} whose name {@code listed} holds, with the outputs state recorded.
         * {@code recordedOnly}: confirm only those state records (the others' own steps look closer).
         */
        static Map<String, Live> byName(RunContext run, List<Resource> mine, java.util.Collection<String> listed,
                                        java.util.function.Function<Resource, String> name, boolean recordedOnly) {
            Map<String, Live> out = new java.util.HashMap<>();
            for (Resource r : mine) {
                var recorded = run.state().get(r.id());
                boolean known = recorded != null && recorded.outputs() != null;
                if (!listed.contains(name.apply(r)) || (recordedOnly && !known)) continue;
                out.put(r.id(), Live.of(name.apply(r), known ? recorded.outputs() : Map.of()));
            }
            return out;
        }
    }

    /**
     * Kinds whose leftovers destroy's last look finds (what "Nothing tagged for the cluster remains" rests on):
     * what of this kind the account still holds for the cluster.
     */
    interface Inventory {
        /**
         * One line each ({@code "<type> <id>"}) for what of this kind carries the cluster's tag, or, where AWS finds
         * by name only, has a name that {@code mine} (this kind's resources in the graph) gives it.
         */
        List<String> leftovers(ai.katonic.kpc.aws.AwsClients aws, String cluster, List<Resource> mine);

        /** The IAM actions {@link #leftovers} calls, whether or not the config has a resource of this kind. */
        List<String> leftoverActions();
    }

    /** Handlers that can change a live resource to a new spec in place implement this. */
    interface Updater<S extends Spec> {
        /** Changes the live resource to the new spec (the recorded one differs) and waits until it is usable. */
        Live update(StepContext ctx, S spec, Live live);
    }

    /**
     * Handlers whose resource is made anew when certain attributes change (Terraform's "forces
     * replacement"): the plan shows {@code -/+}, apply makes the new one, then hands the one state
     * recorded to {@link #replaced}, which must never lose data (the old backup bucket is kept).
     */
    interface Replacer {
        /** The spec attributes whose change makes a new resource. */
        List<String> forcesReplacement();

        /** In words, what becomes of the old resource (for the plan). */
        String whatBecomesOfTheOld(String oldId);

        /** After the new resource is made: deal with the old one, whose id state recorded. */
        void replaced(StepContext ctx, String oldId);

        /**
         * Whether the old one is dealt with only once everything that depends on the new one is done
         * (Terraform's create-before-destroy: an old certificate stays until the Ingresses moved off it);
         * otherwise at once.
         */
        default boolean afterDependents() {
            return false;
        }
    }
}
