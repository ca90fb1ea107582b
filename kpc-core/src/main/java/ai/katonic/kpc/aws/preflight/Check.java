package ai.katonic.kpc.aws.preflight;

/** One preflight row: what was checked, the verdict, what was found, and what to do about a failure. */
public record Check(String name, Verdict verdict, String detail, String fix) {
    public enum Verdict { PASS, WARN, FAIL }

    static Check pass(String name, String detail) {
        return new Check(name, Verdict.PASS, detail, "");
    }

    static Check warn(String name, String detail, String fix) {
        return new Check(name, Verdict.WARN, detail, fix);
    }

    static Check fail(String name, String detail, String fix) {
        return new Check(name, Verdict.FAIL, detail, fix);
    }
}
