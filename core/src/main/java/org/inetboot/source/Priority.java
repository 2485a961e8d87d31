package org.inetboot.source;

/**
 * Whether the work of the current thread is background (a prefetch, a profile's replay) rather
 * than a read someone waits for. A transport gives background work connections of its own, so a
 * demand read never waits for a connection that a prefetch holds.
 */
public final class Priority {

    private static final ScopedValue<Boolean> BACKGROUND = ScopedValue.newInstance();

    private Priority() {}

    /** Runs {@code work} as background work. */
    public static void inBackground(Runnable work) {
        ScopedValue.where(BACKGROUND, true).run(work);
    }

    public static boolean isBackground() {
        return BACKGROUND.orElse(false);
    }
}
