package ai.katonic.kpc.config;

/** Five-field cron expressions, as Kubernetes CronJobs and Velero schedules take them. */
final class Cron {
    private Cron() {}

    private static final String[] NAMES = {"minute", "hour", "day of month", "month", "day of week"};
    private static final int[][] RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};

    static void check(Diagnostics d, String path, String expr) {
        if (expr.startsWith("@")) {
            if (!expr.matches("@(yearly|annually|monthly|weekly|daily|midnight|hourly)")) {
                d.error(path, "'" + expr + "' is not a known macro (@daily, @weekly, @hourly, ...)");
            }
            return;
        }
        String[] fields = expr.trim().split("\\s+");
        if (fields.length != 5) {
            d.error(path, "'" + expr + "' has " + fields.length + " fields; a cron schedule has 5: minute hour day-of-month month day-of-week");
            return;
        }
        for (int i = 0; i < 5; i++) {
            if (!field(fields[i], RANGES[i][0], RANGES[i][1])) {
                d.error(path, "'" + fields[i] + "' is not a valid " + NAMES[i] + " field (" + RANGES[i][0] + "-"
                        + RANGES[i][1] + ", *, lists, ranges and /steps)");
                return;
            }
        }
    }

    private static boolean field(String f, int lo, int hi) {
        for (String part : f.split(",", -1)) {
            String[] step = part.split("/", -1);
            if (step.length > 2 || (step.length == 2 && !inRange(step[1], 1, hi))) return false;
            String base = step[0];
            if (base.equals("*")) continue;
            String[] range = base.split("-", -1);
            if (range.length > 2) return false;
            for (String r : range) if (!inRange(r, lo, hi)) return false;
            if (range.length == 2 && Integer.parseInt(range[0]) > Integer.parseInt(range[1])) return false;
        }
        return true;
    }

    private static boolean inRange(String s, int lo, int hi) {
        if (!s.matches("\\d{1,2}")) return false;
        int v = Integer.parseInt(s);
        return v >= lo && v <= hi;
    }
}
