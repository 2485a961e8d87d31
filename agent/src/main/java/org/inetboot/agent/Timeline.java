package org.inetboot.agent;

import java.util.Locale;

/**
 * A boot's steps on the console, each with the seconds since the running kernel started, as its
 * own log counts them (System.nanoTime is CLOCK_MONOTONIC on Linux; stage 2's shell half reads
 * /proc/uptime): where the time of a boot goes, step by step, in stage 1 and stage 2 alike.
 */
final class Timeline {

    private Timeline() {}

    static String line(String step) {
        return String.format(Locale.ROOT, "InetBoot timeline: %.3f s %s", System.nanoTime() / 1e9, step);
    }
}
