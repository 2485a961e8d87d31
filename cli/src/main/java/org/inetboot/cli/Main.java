package org.inetboot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.inetboot.host.Messages;
import org.inetboot.image.Image;
import org.inetboot.image.OpenOptions;
import org.inetboot.json.Json;
import org.inetboot.source.RetryPolicy;
import org.inetboot.source.Stats;
import org.inetboot.trust.Minisign;
import org.inetboot.trust.TrustPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(
        name = "inetboot",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = Main.Version.class,
        description = "Boots a computer from an OS image on an ordinary HTTP(S) server, read lazily.",
        subcommands = {
            InfoCommand.class,
            LsCommand.class,
            CatCommand.class,
            ExtractCommand.class,
            EntriesCommand.class,
            InitrdCommand.class,
            ModulesCommand.class,
            ProfileCommand.class,
            NbdCommand.class,
            BootCommand.class,
            PrepareCommand.class,
            PublishCommand.class,
            KeyCommand.class,
            MediaCommand.class,
            ReadCommand.class,
            ServeCommand.class,
            DemoCommand.class,
            NetworkCommand.class,
            Stage1Command.class,
            Stage2Command.class,
            CommandLine.HelpCommand.class
        })
public final class Main {

    @Option(
            names = "--stats",
            scope = ScopeType.INHERIT,
            description = "At exit, print the counters (requests, bytes, cache, retries, time) as JSON on stderr.")
    boolean stats;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show stack traces and debug logging.")
    boolean debug;

    @Option(
            names = "--ca-cert",
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "Also trust this CA certificate (PEM) for HTTPS, e.g. a private mirror's. Repeatable.")
    List<Path> caCertificates = new ArrayList<>();

    @Option(
            names = "--cache-dir",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description = "Keep fetched chunks in this directory across runs.")
    Path cacheDir;

    @Option(
            names = "--cache-size",
            paramLabel = "BYTES",
            scope = ScopeType.INHERIT,
            converter = ByteSize.class,
            description = "Budget of --cache-dir for all images (suffixes K, M, G; default: ${DEFAULT-VALUE}).",
            defaultValue = "4G")
    long cacheSize;

    @Option(
            names = "--chunk-size",
            paramLabel = "BYTES",
            scope = ScopeType.INHERIT,
            converter = ByteSize.class,
            description = "Cache chunk size, a power of two (default: ${DEFAULT-VALUE}, see docs/benchmarks.md).",
            defaultValue = "64K")
    long chunkSize;

    @Option(
            names = "--stall-timeout",
            paramLabel = "SECONDS",
            scope = ScopeType.INHERIT,
            description =
                    "Abandon (and retry) a response that sends nothing for this long (default: ${DEFAULT-VALUE}).",
            defaultValue = "20")
    long stallTimeoutSeconds;

    @Option(
            names = "--min-rate",
            paramLabel = "BYTES",
            scope = ScopeType.INHERIT,
            converter = ByteSize.class,
            description = "Abandon (and retry) a response slower than this per second over a --stall-timeout window"
                    + " (default: ${DEFAULT-VALUE}).",
            defaultValue = "1K")
    long minRate;

    @Option(
            names = "--retries",
            paramLabel = "N",
            scope = ScopeType.INHERIT,
            defaultValue = "7",
            description = "Retry a failed request up to N times, with exponential backoff (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(
            names = "--allow-whole-download",
            scope = ScopeType.INHERIT,
            description = "If the server cannot serve byte ranges, download the whole image instead of failing.")
    boolean allowWholeDownload;

    @Option(
            names = "--trust",
            paramLabel = "KEY.pub",
            scope = ScopeType.INHERIT,
            description = "Check the signatures of Metalink manifests with this minisign public key. Repeatable.")
    List<Path> trustedKeys = new ArrayList<>();

    @Option(
            names = "--require-signed",
            scope = ScopeType.INHERIT,
            description = "Refuse an image without a Metalink signed by a --trust key.")
    boolean requireSigned;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    final Stats counters = new Stats();

    /** Opens an image with the options given on the command line. */
    Image open(String location) throws IOException {
        return Image.open(location, options(), counters);
    }

    /** The options given on the command line. */
    OpenOptions options() throws IOException {
        require(
                chunkSize <= 64 << 20 && Long.bitCount(chunkSize) == 1,
                "--chunk-size must be a power of two up to 64M");
        require(retries >= 0 && retries <= 1000, "--retries must be from 0 to 1000");
        require(
                stallTimeoutSeconds >= 1 && stallTimeoutSeconds <= 86_400,
                "--stall-timeout must be from 1 to 86400 seconds");
        require(minRate <= 1L << 30, "--min-rate must be at most 1G");
        var defaults = OpenOptions.DEFAULT;
        var http = defaults.http()
                .withExtraCaCertificates(caCertificates)
                .withStallTimeout(Duration.ofSeconds(stallTimeoutSeconds))
                .withMinRate(minRate);
        var retry = new RetryPolicy(
                retries + 1, defaults.retry().baseDelay(), defaults.retry().maxDelay());
        return defaults.withHttp(http)
                .withRetry(retry)
                .withChunkSize((int) chunkSize)
                .withDiskCache(cacheDir, cacheSize)
                .withWholeDownload(allowWholeDownload)
                .withTrust(trust());
    }

    private TrustPolicy trust() throws IOException {
        require(!requireSigned || !trustedKeys.isEmpty(), "--require-signed needs a --trust key");
        var keys = new ArrayList<Minisign.PublicKey>();
        for (var file : trustedKeys) {
            keys.add(Minisign.PublicKey.read(readKey(file), file.toString()));
        }
        return new TrustPolicy(keys, requireSigned);
    }

    /** A key file's text; a missing or oversized one is a one-line error. */
    /** The jar this inetboot runs from: the medium carries it. */
    static Path ownJar() throws java.net.URISyntaxException {
        return Path.of(
                Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    static String readKey(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such key file");
        }
        if (Files.size(file) > 4096) {
            throw new IOException(file + ": too large for a minisign key file");
        }
        return Files.readString(file);
    }

    private void require(boolean valid, String message) {
        if (!valid) {
            throw new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; returns the exit status. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        var main = new Main();
        var commandLine = new CommandLine(main)
                .setOut(out)
                .setErr(err)
                .setExecutionStrategy(parsed -> {
                    configureLogging(main.debug);
                    return new CommandLine.RunLast().execute(parsed);
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("inetboot: " + Messages.oneLine(e));
                    if (main.debug) {
                        e.printStackTrace(cmd.getErr());
                    }
                    return 1;
                });
        int status = commandLine.execute(args);
        if (main.stats) {
            err.println(Json.write(main.counters.snapshot()));
        }
        return status;
    }

    private static void configureLogging(boolean debug) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "inetboot: %4$s: %5$s%6$s%n");
        var root = Logger.getLogger("");
        var level = debug ? Level.FINE : Level.WARNING;
        root.setLevel(level);
        for (var handler : root.getHandlers()) {
            handler.setLevel(level);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            var version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"inetboot " + (version == null ? "(development build)" : version)};
        }
    }
}
