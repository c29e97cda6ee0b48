package io.kvroute.agent.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The root file system of the test image: Debian's static {@code /bin/busybox}, applet symlinks, {@code /www}
 * with an index page, and {@code /tmp}; as a tar for {@code docker import}.
 */
final class BusyboxImage {
    static final Path BUSYBOX = Path.of("/bin/busybox");
    static final String INDEX_PAGE = "kvroute test page\n";
    private static final List<String> APPLETS = List.of("sh", "httpd", "wget", "test", "touch", "sleep", "cat", "true");
    private static final int PT_INTERP = 3;

    private BusyboxImage() {
    }

    /**
     * True when {@code binary} is an ELF executable without a program interpreter, i.e. statically linked (a
     * dynamically linked busybox, from Debian's {@code busybox} package, cannot run in an empty image).
     */
    static boolean isStaticElf(Path binary) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(binary.toFile(), "r")) {
            byte[] header = new byte[64];
            file.readFully(header);
            if (header[0] != 0x7f || header[1] != 'E' || header[2] != 'L' || header[3] != 'F' || header[4] != 2) {
                return false;
            }
            ByteBuffer elf = ByteBuffer.wrap(header).order(header[5] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            long programHeaders = elf.getLong(0x20);
            int entrySize = Short.toUnsignedInt(elf.getShort(0x36));
            int entries = Short.toUnsignedInt(elf.getShort(0x38));
            byte[] type = new byte[4];
            for (int i = 0; i < entries; i++) {
                file.seek(programHeaders + (long) i * entrySize);
                file.readFully(type);
                if (ByteBuffer.wrap(type).order(elf.order()).getInt() == PT_INTERP) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Imports the root file system as {@code repository:tag} with a plain HTTP request over the daemon's socket
     * ({@code POST /images/create?fromSrc=-}). docker-java 3.7.1's {@code createImageCmd} with a stream body gets
     * "ApplyLayer exit status 1 ... unexpected EOF" from dockerd 20.10, while the same tar posted with a
     * Content-Length imports fine.
     */
    static void importInto(Path socket, String repository, String tag) throws IOException {
        byte[] tar = rootFsTar();
        String head = "POST /images/create?fromSrc=-&repo=" + repository + "&tag=" + tag + " HTTP/1.1\r\n"
                + "Host: docker\r\nContent-Type: application/x-tar\r\nContent-Length: " + tar.length + "\r\n"
                + "Connection: close\r\n\r\n";
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            for (ByteBuffer part : List.of(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)), ByteBuffer.wrap(tar))) {
                while (part.hasRemaining()) {
                    channel.write(part);
                }
            }
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (channel.read(buffer) >= 0) {
                response.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
        }
        String text = response.toString(StandardCharsets.UTF_8);
        if (!text.startsWith("HTTP/1.1 200") || text.contains("\"error")) {
            throw new IOException("importing " + repository + ":" + tag + " failed: " + text);
        }
    }

    static byte[] rootFsTar() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            directory(tar, "bin/", 0755);
            file(tar, "bin/busybox", Files.readAllBytes(BUSYBOX), 0755);
            for (String applet : APPLETS) {
                TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarArchiveEntry.LF_SYMLINK);
                link.setLinkName("busybox");
                link.setMode(0777);
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
            directory(tar, "www/", 0755);
            file(tar, "www/index.html", INDEX_PAGE.getBytes(StandardCharsets.UTF_8), 0644);
            directory(tar, "tmp/", 01777);
            tar.finish();
        }
        return bytes.toByteArray();
    }

    private static void directory(TarArchiveOutputStream tar, String name, int mode) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | mode);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | mode);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
