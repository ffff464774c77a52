package dev.tandem.metrics;

/**
 * What a health endpoint answers: up (HTTP 200) or not (503), with the reason in one line. A
 * process's liveness says whether it should be restarted; its readiness whether it does its work now.
 */
public record Health(boolean up, String reason) {

    public static Health up(String reason) {
        return new Health(true, reason);
    }

    public static Health down(String reason) {
        return new Health(false, reason);
    }
}
