package org.inetboot.bench;

import java.util.Optional;

/** The benchmarks' few options: {@code --name value}. */
final class Args {

    private Args() {}

    static Optional<String> text(String[] args, String name) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Optional.of(args[i + 1]);
            }
        }
        return Optional.empty();
    }

    static int integer(String[] args, String name, int fallback) {
        return text(args, name).map(Integer::parseInt).orElse(fallback);
    }
}
