package org.inetboot.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.inetboot.server.StaticFileServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    @Override
    public Integer call() throws Exception {
        var stopped = new CountDownLatch(1);
        try (var server = StaticFileServer.start(directory, bind)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            spec.commandLine().getOut().println("serving " + directory + " at " + server.uri());
            stopped.await();
        }
        return 0;
    }
}
