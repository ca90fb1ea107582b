package ai.katonic.kpc.state;

/** Where state lives. Every run holds the lock for its whole duration; saves are atomic. */
public interface StateStore {

    State load();

    void save(State state);

    /** Takes the lock or throws {@link ai.katonic.kpc.errors.KpcException.LockHeld} naming the holder. */
    Lock lock(String operation);

    /** Where kpc may keep local files for this cluster (generated keys, kubeconfig). */
    java.nio.file.Path localDir();

    interface Lock extends AutoCloseable {
        @Override
        void close();
    }
}
