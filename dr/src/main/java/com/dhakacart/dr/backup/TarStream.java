package com.dhakacart.dr.backup;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A ustar stream written into it in pieces of any size, handed on as members: each header, then the member's
 * data in the pieces it came in, then its end. Padding and the end-of-archive blocks are consumed here.
 */
abstract class TarStream extends OutputStream {

    private static final int BLOCK = TarHeader.BLOCK;

    private final byte[] header = new byte[BLOCK];
    private int headerFill;
    private TarHeader member;
    private long dataLeft;
    private long paddingLeft;
    private boolean ended;

    /** A member starts; for a regular file, its {@link #data} follows (none when it is empty). */
    abstract void member(TarHeader header) throws IOException;

    /** The next bytes of the current regular file. */
    abstract void data(byte[] b, int off, int len) throws IOException;

    /** The current regular file's data is complete. */
    abstract void memberEnd() throws IOException;

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (dataLeft > 0) {
                int n = (int) Math.min(len, dataLeft);
                data(b, off, n);
                dataLeft -= n;
                off += n;
                len -= n;
                if (dataLeft == 0) {
                    memberEnd();
                }
            } else if (paddingLeft > 0) {
                int n = (int) Math.min(len, paddingLeft);
                paddingLeft -= n;
                off += n;
                len -= n;
            } else if (ended) {
                return; // the end-of-archive blocks and the zeros after them
            } else {
                int n = Math.min(len, BLOCK - headerFill);
                System.arraycopy(b, off, header, headerFill, n);
                headerFill += n;
                off += n;
                len -= n;
                if (headerFill == BLOCK) {
                    headerFill = 0;
                    next();
                }
            }
        }
    }

    /** What a header that does not parse is reported as (by default its own IOException). */
    IOException malformed(IOException e) {
        return e;
    }

    private void next() throws IOException {
        try {
            member = TarHeader.parse(header);
        } catch (IOException e) {
            throw malformed(e);
        }
        if (member == null) {
            ended = true;
            return;
        }
        boolean file = member.type() == '0' || member.type() == '\0';
        member(member);
        dataLeft = file ? member.size() : 0;
        paddingLeft = file ? member.padding() : (member.size() + BLOCK - 1) / BLOCK * BLOCK;
        if (file && member.size() == 0) {
            memberEnd();
        }
    }

    /** Whether the stream ended where a tar archive ends (after its end-of-archive block). */
    boolean complete() {
        return dataLeft == 0 && headerFill == 0 && ended;
    }

    /** For messages: the file whose data is being read, or "the archive" between files. */
    String current() {
        return dataLeft > 0 ? member.name() : "the archive";
    }

    /** @throws IOException unless the stream ended where a tar archive ends */
    void checkEnded() throws IOException {
        if (!complete()) {
            throw new IOException("the backup's tar ended in the middle of " + current());
        }
    }
}
