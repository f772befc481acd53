package cc.equa.msgraph.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP {@code CONNECT} proxy on the loopback interface that tunnels Microsoft's hosts
 * ({@link Engine#MICROSOFT_HOSTS}, port 443) and the fake's own address to the fake: a client that hard-codes
 * {@code https://login.microsoftonline.com/} and {@code https://graph.microsoft.com/} reaches the fake by being given
 * this proxy (every HTTP stack takes one: {@code HTTPS_PROXY}, {@code -Dhttps.proxyHost}, OkHttp's {@code proxy}),
 * with no hosts entry and no privileged port. TLS stays end to end with the fake, whose certificate names those hosts.
 * Any other host is refused with 403, so nothing leaves the machine through it.
 */
final class HostsProxy implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(HostsProxy.class);
    private static final int MAX_HEADER = 8192;

    private final ServerSocket server;
    private final int target;

    HostsProxy(int port, int target) throws IOException {
        this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        Thread accept = new Thread(this::acceptLoop, "fake-graph-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> serve(client), "fake-graph-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.debug("proxy accept failed", e);
                }
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String head = readHead(in);
            String[] line = head.split("\r\n", 2)[0].split(" ");
            if (line.length < 3 || !line[0].equalsIgnoreCase("CONNECT")) {
                reply(out, "405 Method Not Allowed", "This proxy only tunnels HTTPS (CONNECT) to the fake tenant.");
                return;
            }
            if (!routed(line[1])) {
                reply(out, "403 Forbidden", "This proxy only tunnels " + String.join(", ", Engine.MICROSOFT_HOSTS)
                        + " (port 443) and the fake itself; not " + line[1] + ".");
                return;
            }
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target)) {
                out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread up = new Thread(() -> pipe(client, upstream), "fake-graph-proxy-up");
                up.setDaemon(true);
                up.start();
                pipe(upstream, client);
                up.join();
            }
        } catch (IOException e) {
            LOG.debug("proxy connection ended", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean routed(String authority) {
        int colon = authority.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        String host = authority.substring(0, colon).toLowerCase(Locale.ROOT);
        String port = authority.substring(colon + 1);
        return port.equals("443") && Engine.MICROSOFT_HOSTS.contains(host)
                || port.equals(String.valueOf(target)) && (host.equals("localhost") || host.equals("127.0.0.1"));
    }

    /** The request head, byte by byte so that nothing after it (the TLS handshake) is consumed. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && b.size() < MAX_HEADER) {
            b.write(c);
            byte[] a = b.toByteArray();
            int n = a.length;
            if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
                break;
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    private static void reply(OutputStream out, String status, String message) throws IOException {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** Copy one direction until it ends, then half-close the other side so the peer sees the end too. */
    private static void pipe(Socket from, Socket to) {
        byte[] buf = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) != -1) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                to.close();
                from.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
