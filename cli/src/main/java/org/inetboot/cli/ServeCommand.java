package org.inetboot.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.inetboot.server.StaticFileServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "serve", description = "Serve a directory over HTTP with byte ranges, ETags and If-Range.")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The directory to publish.")
    Path directory;

    @Option(names = "--bind", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
    String bind;

    @Override
    public Integer call() throws Exception {
        var stopped = new CountDownLatch(1);
        try (var server = StaticFileServer.start(directory, address())) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            spec.commandLine().getOut().println("serving " + directory + " at " + server.uri());
            stopped.await();
        }
        return 0;
    }

    private InetSocketAddress address() {
        int colon = bind.lastIndexOf(':');
        try {
            var host = bind.substring(0, Math.max(colon, 0)).replaceAll("^\\[|]$", "");
            int port = Integer.parseInt(bind.substring(colon + 1));
            return new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, port);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bind: '" + bind + "' is not HOST:PORT");
        }
    }
}
