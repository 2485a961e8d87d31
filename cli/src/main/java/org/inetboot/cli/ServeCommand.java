package org.inetboot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.inetboot.media.Medium;
import org.inetboot.server.LiveCatalog;
import org.inetboot.server.Publication;
import org.inetboot.server.StaticFileServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "serve", description = "Serve a directory over HTTP with byte ranges, ETags and If-Range.")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The directory to publish.")
    Path directory;

    @Option(
            names = "--bind",
            paramLabel = "HOST:PORT",
            defaultValue = "127.0.0.1:8080",
            converter = HostPort.class,
            description = "Address to listen on (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
    InetSocketAddress bind;

    @Option(
            names = "--catalog",
            description = "Also publish the catalog of the images in DIR (as inetboot publish DIR does) and keep it"
                    + " current as files come and go.")
    boolean catalog;

    @Option(
            names = "--base-url",
            paramLabel = "URL",
            description = "With --catalog: the URL clients reach DIR at (default: this server's own).")
    String baseUrl;

    @Override
    public Integer call() throws Exception {
        var stopped = new CountDownLatch(1);
        var out = spec.commandLine().getOut();
        if (catalog
                && baseUrl == null
                && bind.getAddress() != null
                && bind.getAddress().isAnyLocalAddress()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--catalog on " + bind.getAddress().getHostAddress()
                            + " needs --base-url, the URL clients reach DIR at (the menus would name no host)");
        }
        var given = baseUrl == null ? null : publication(spec, directory, baseUrl); // said before the server starts
        try (var server = StaticFileServer.start(directory, bind);
                var live = catalog ? liveCatalog(given, server, out) : null) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            out.println("serving " + directory + " at " + server.uri()
                    + (live == null ? "" : ", its catalog at " + server.uri() + "index.html"));
            out.flush();
            stopped.await();
        }
        return 0;
    }

    private LiveCatalog liveCatalog(Publication given, StaticFileServer server, PrintWriter out) throws IOException {
        var publication = given != null
                ? given
                : publication(spec, directory, server.uri().toString());
        return LiveCatalog.start(publication, Duration.ofSeconds(2), out);
    }

    /** The publication of {@code dir} at {@code baseUrl}; a base URL the menus cannot take is a usage error. */
    static Publication publication(CommandSpec spec, Path dir, String baseUrl) {
        try {
            return new Publication(dir, baseUrl, Medium.KERNEL_ARGUMENTS);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--base-url: " + e.getMessage());
        }
    }
}
