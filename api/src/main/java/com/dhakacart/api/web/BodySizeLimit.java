package com.dhakacart.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over 64 KiB (a 50-line order is about 3 KiB) with 413, before anything parses
 * them: without a limit one huge or endless upload could exhaust the heap of a 512 MiB instance.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class BodySizeLimit extends OncePerRequestFilter {

    static final int MAX_BYTES = 64 * 1024;
    private static final String TOO_LARGE = """
            {"type":"https://dhakacart.com/problems/payload-too-large","title":"Payload Too Large","status":413,\
            "detail":"Request body is larger than 64 KiB","error":"Request body is larger than 64 KiB"}""";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isPictureUpload(request)) {
            // The back office's picture upload (multipart, up to 2 MiB): bounded by spring.servlet.multipart.*,
            // which Tomcat enforces while it reads the parts.
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > MAX_BYTES) {
            response.setStatus(413);
            response.setContentType("application/problem+json");
            response.getWriter().write(TOO_LARGE);
            return;
        }
        // No (or a lying) Content-Length, e.g. chunked: count while reading instead.
        chain.doFilter(new Limited(request), response);
    }

    private static boolean isPictureUpload(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return "PUT".equals(request.getMethod()) && uri.startsWith("/api/admin/products/") && uri.endsWith("/picture")
                && request.getContentLengthLong() <= 3L * 1024 * 1024;
    }

    /** The request with an input stream that fails once more than MAX_BYTES were read. */
    private static final class Limited extends HttpServletRequestWrapper {
        private ServletInputStream stream;

        Limited(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream inner = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = inner.read();
                        if (b >= 0 && ++read > MAX_BYTES) {
                            throw new BodyTooLarge();
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = inner.read(buffer, offset, length);
                        if (n > 0 && (read += n) > MAX_BYTES) {
                            throw new BodyTooLarge();
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return inner.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return inner.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        inner.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }

    /** Thrown while reading a body that turned out longer than the limit. */
    static final class BodyTooLarge extends IOException {
        BodyTooLarge() {
            super("Request body is larger than 64 KiB");
        }
    }
}
