package ai.katonic.kpc.errors;

/**
 * kpc's one error vocabulary. Each kind carries its exit code; the CLI maps them in one place and
 * prints the message, never a stack trace.
 */
public abstract sealed class KpcException extends RuntimeException
        permits KpcException.InvalidInput, KpcException.PreflightFailed, KpcException.LockHeld,
        KpcException.OperationFailed {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int INVALID = 2;
    public static final int PREFLIGHT = 3;
    public static final int LOCKED = 4;

    KpcException(String message, Throwable cause) {
        super(message, cause);
    }

    public abstract int exitCode();

    /** Bad config or usage (exit 2). Config findings are already printed when this is thrown. */
    public static final class InvalidInput extends KpcException {
        public InvalidInput(String message) {
            super(message, null);
        }

        public int exitCode() {
            return INVALID;
        }
    }

    /** A preflight check failed (exit 3). */
    public static final class PreflightFailed extends KpcException {
        public PreflightFailed(String message) {
            super(message, null);
        }

        public int exitCode() {
            return PREFLIGHT;
        }
    }

    /** Another run holds the state lock (exit 4). */
    public static final class LockHeld extends KpcException {
        public LockHeld(String message) {
            super(message, null);
        }

        public int exitCode() {
            return LOCKED;
        }
    }

    /** An operation against AWS or Kubernetes failed (exit 1); the message names the root cause. */
    public static final class OperationFailed extends KpcException {
        public OperationFailed(String message) {
            super(message, null);
        }

        public OperationFailed(String message, Throwable cause) {
            super(message, cause);
        }

        public int exitCode() {
            return FAILED;
        }
    }
}
