package ai.katonic.kpc.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceGraphTest {
    private static Resource r(String id, String... deps) {
        return new Resource(id, new Spec.ElasticIp(id), List.of(deps));
    }

    @Test
    void ordersDependenciesFirstAndKeepsDeclarationOrderOtherwise() {
        ResourceGraph g = new ResourceGraph(List.of(r("c", "b"), r("a"), r("b", "a"), r("d")));
        assertThat(g.inOrder().stream().map(Resource::id)).containsExactly("a", "b", "c", "d");
        assertThat(g.dependentsOf("a")).containsExactlyInAnyOrder("b");
        assertThat(g.dependentsOf("b")).containsExactlyInAnyOrder("c");
    }

    @Test
    void rejectsCyclesAndUnknownDependencies() {
        assertThatThrownBy(() -> new ResourceGraph(List.of(r("a", "b"), r("b", "a"))))
                .hasMessageContaining("cycle");
        assertThatThrownBy(() -> new ResourceGraph(List.of(r("a", "zzz")))).hasMessageContaining("unknown resource zzz");
    }

    @Test
    void dependenciesComeFromRefs() {
        Resource nat = Resource.of("nat", new Spec.NatGateway(new Ref("subnet"), new Ref("eip"), new Ref("igw")), "extra");
        assertThat(nat.dependsOn()).containsExactly("subnet", "eip", "igw", "extra");
        assertThat(nat.attributes()).containsEntry("internet_gateway", "igw");
    }
}
