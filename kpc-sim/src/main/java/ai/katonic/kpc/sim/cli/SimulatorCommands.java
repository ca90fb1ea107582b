package ai.katonic.kpc.sim.cli;

import ai.katonic.kpc.cli.Extension;
import java.util.List;

/** The simulator's commands, added to `kpc` by the service loader (META-INF/services). */
public final class SimulatorCommands implements Extension {
    @Override
    public List<Object> commands() {
        return List.of(new SimCommand(), new RehearseCommand(), new DemoCommand());
    }
}
