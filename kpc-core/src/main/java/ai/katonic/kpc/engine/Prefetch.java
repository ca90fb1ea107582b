package ai.katonic.kpc.engine;

import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.plan.ResourceGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds, with one tag-filtered describe per resource kind, everything of the cluster that can be
 * found that way, before the walk. A step then uses that answer instead of its own describe —
 * unless state and the tag disagree, in which case the step looks by the recorded id itself.
 */
final class Prefetch {
    private Prefetch() {}

    static Map<String, Optional<Live>> run(RunContext run, ResourceGraph graph) {
        Map<Handler.BatchObserver, List<Resource>> byKind = new LinkedHashMap<>();
        for (Resource r : graph.inOrder()) {
            if (run.kinds().of(r.spec()) instanceof Handler.BatchObserver b) byKind.computeIfAbsent(b, k -> new ArrayList<>()).add(r);
        }
        Map<String, Optional<Live>> out = new ConcurrentHashMap<>();
        byKind.entrySet().parallelStream().forEach(e -> {
            Map<String, Live> all = e.getKey().observeAll(run, e.getValue());
            for (Resource r : e.getValue()) {
                Live found = all.get(r.id());
                String recorded = run.state().awsId(r.id());
                if (found != null && (recorded == null || recorded.equals(found.awsId()))) out.put(r.id(), Optional.of(found));
                else if (found == null && recorded == null && e.getKey().absenceIsCertain()) out.put(r.id(), Optional.empty());
            }
        });
        return out;
    }
}
