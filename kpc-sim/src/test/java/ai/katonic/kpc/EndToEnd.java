package ai.katonic.kpc;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that runs kpc against an emulated cloud (moto_server behind the simulator, simulated
 * clusters, the chart mirror). Such classes run in Maven's integration-test phase (Failsafe, several
 * JVMs side by side: {@code mvn verify}); the others are the fast layer ({@code mvn test}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(EndToEnd.TAG)
public @interface EndToEnd {
    String TAG = "end-to-end";
}
