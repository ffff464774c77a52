package dev.tandem.failures;

/** A failure's chain of causes, searched for one type (a cause that is itself ends the chain). */
public final class Causes {

    private Causes() {
    }

    /** The first exception of {@code type} in the chain of causes, outermost first, or null. */
    public static Throwable first(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    /** Whether an exception of {@code type} is in the chain of causes. */
    public static boolean inChain(Throwable e, Class<? extends Throwable> type) {
        return first(e, type) != null;
    }
}
