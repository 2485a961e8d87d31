package org.inetboot.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine;

/** "HOST:PORT" (or "[v6]:PORT", or ":PORT" for every address) as a socket address. */
final class HostPort implements CommandLine.ITypeConverter<InetSocketAddress> {

    @Override
    public InetSocketAddress convert(String value) {
        int colon = value.lastIndexOf(':');
        try {
            var host = value.substring(0, Math.max(colon, 0)).replaceAll("^\\[|]$", "");
            return new InetSocketAddress(
                    host.isEmpty() ? "0.0.0.0" : host, Integer.parseInt(value.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not HOST:PORT");
        }
    }
}
