package org.locness.lake.s3;

import java.io.IOException;
import java.io.Reader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * One page of an S3 {@code ListObjectsV2} response, read in a single StAX pass: the objects' keys,
 * sizes, ETags and modification times, the common prefixes, and the token of the next page.
 *
 * <p>minio-java reads this XML with a new simple-xml parser for every response, which scans its
 * classes' annotations each time: on the daily prep's 101 listings that was ~0.75 ms of a 3 ms
 * listing here (docs/capacity.md). Keys and prefixes come back decoded as minio-java decodes them
 * ({@link URLDecoder}, when the response says {@code EncodingType} url); ETags as sent, with their
 * quotes, as minio-java's listing gives them.
 *
 * @param objects the objects of this page, in the server's order
 * @param commonPrefixes the common prefixes of this page (listings with a delimiter)
 * @param nextContinuationToken where the next page starts; null on the last page
 */
record ListingPage(List<Entry> objects, List<String> commonPrefixes, String nextContinuationToken) {
    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        // A listing is data: no DTD, no entity from outside the response.
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    /** An object as a listing names it; {@code eTag} and {@code lastModified} are null when the server left them out. */
    record Entry(String key, long size, String eTag, Instant lastModified) {
    }

    ListingPage {
        objects = List.copyOf(objects);
        commonPrefixes = List.copyOf(commonPrefixes);
    }

    /**
     * Reads a {@code ListBucketResult}. XML that does not parse (as a response cut short does) is an
     * {@link IOException}, which the lake retries; a response that parses but is not a listing (not a
     * {@code ListBucketResult}, an object without a key, a size or date that does not parse, a
     * truncated page without a continuation token) is an {@link IllegalStateException} naming what
     * was wrong, which it does not.
     */
    static ListingPage parse(Reader xml) throws IOException {
        try {
            XMLStreamReader reader = XML.createXMLStreamReader(xml);
            try {
                return read(reader);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw new IOException("unreadable listing response: " + e.getMessage(), e);
        }
    }

    private static ListingPage read(XMLStreamReader reader) throws XMLStreamException {
        if (reader.nextTag() != XMLStreamConstants.START_ELEMENT || !"ListBucketResult".equals(reader.getLocalName())) {
            throw malformed("a ListBucketResult was expected, not " + reader.getLocalName());
        }
        List<Entry> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        boolean urlEncoded = false;
        boolean truncated = false;
        String next = null;
        while (reader.nextTag() == XMLStreamConstants.START_ELEMENT) {
            switch (reader.getLocalName()) {
                case "Contents" -> objects.add(contents(reader));
                case "CommonPrefixes" -> prefixes.add(commonPrefix(reader));
                case "EncodingType" -> urlEncoded = "url".equals(reader.getElementText());
                case "IsTruncated" -> truncated = Boolean.parseBoolean(reader.getElementText().trim());
                case "NextContinuationToken" -> next = reader.getElementText();
                default -> skip(reader);
            }
        }
        if (truncated && (next == null || next.isEmpty())) {
            throw malformed("the page is truncated but has no NextContinuationToken");
        }
        List<Entry> entries = new ArrayList<>(objects.size());
        for (Entry raw : objects) {
            entries.add(new Entry(decode(raw.key(), urlEncoded), raw.size(), raw.eTag(), raw.lastModified()));
        }
        List<String> decodedPrefixes = new ArrayList<>(prefixes.size());
        for (String prefix : prefixes) {
            decodedPrefixes.add(decode(prefix, urlEncoded));
        }
        return new ListingPage(entries, decodedPrefixes, truncated ? next : null);
    }

    /** A {@code Contents} element, its key as sent: EncodingType, which says how to decode it, may come after it. */
    private static Entry contents(XMLStreamReader reader) throws XMLStreamException {
        String key = null;
        long size = 0;
        String eTag = null;
        Instant lastModified = null;
        while (reader.nextTag() == XMLStreamConstants.START_ELEMENT) {
            switch (reader.getLocalName()) {
                case "Key" -> key = reader.getElementText();
                case "Size" -> size = size(reader.getElementText());
                case "ETag" -> eTag = reader.getElementText();
                case "LastModified" -> lastModified = instant(reader.getElementText());
                default -> skip(reader);
            }
        }
        if (key == null) {
            throw malformed("an object has no Key");
        }
        return new Entry(key, size, eTag, lastModified);
    }

    private static String commonPrefix(XMLStreamReader reader) throws XMLStreamException {
        String prefix = null;
        while (reader.nextTag() == XMLStreamConstants.START_ELEMENT) {
            if ("Prefix".equals(reader.getLocalName())) {
                prefix = reader.getElementText();
            } else {
                skip(reader);
            }
        }
        if (prefix == null) {
            throw malformed("CommonPrefixes without a Prefix");
        }
        return prefix;
    }

    /** Skips the element the reader is on, children and all, leaving it on that element's end. */
    private static void skip(XMLStreamReader reader) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private static long size(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw malformed("an object's Size is '" + text + "'");
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw malformed("an object's LastModified is '" + text + "'");
        }
    }

    private static IllegalStateException malformed(String what) {
        return new IllegalStateException("malformed listing response: " + what);
    }

    private static String decode(String value, boolean urlEncoded) {
        return urlEncoded ? URLDecoder.decode(value, StandardCharsets.UTF_8) : value;
    }
}
