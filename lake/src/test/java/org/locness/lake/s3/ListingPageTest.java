package org.locness.lake.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a ListObjectsV2 page as S3 servers write it, and refusing what is not one. */
class ListingPageTest {
    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";

    @Test
    void objectsComeWithDecodedKeysQuotedETagsSizesAndTimes() throws IOException {
        ListingPage page = ListingPage.parse(new StringReader(HEAD
                + "<Name>lake</Name><Prefix>market-data%2FAAPL%2F</Prefix><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys>"
                + "<EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>"
                + "<Contents><Key>market-data%2FAAPL%2F2026-11-27.parquet</Key>"
                + "<LastModified>2026-11-30T20:16:00.000Z</LastModified><ETag>&quot;34e372d98c8ece8ac02d3ee32a26779d&quot;</ETag>"
                + "<Size>40213</Size><Owner><ID>o</ID><DisplayName>o</DisplayName></Owner><StorageClass>STANDARD</StorageClass></Contents>"
                + "<Contents><Key>a+b%20c%C3%A9.txt</Key><Size>0</Size></Contents>"
                + "</ListBucketResult>"));

        assertEquals(List.of(
                new ListingPage.Entry("market-data/AAPL/2026-11-27.parquet", 40213, "\"34e372d98c8ece8ac02d3ee32a26779d\"",
                        Instant.parse("2026-11-30T20:16:00Z")),
                // As minio-java decodes keys ('+' is a space to URLDecoder).
                new ListingPage.Entry("a b cé.txt", 0, null, null)), page.objects());
        assertEquals(List.of(), page.commonPrefixes());
        assertNull(page.nextContinuationToken());
    }

    @Test
    void keysAreDecodedOnlyWhenTheResponseSaysSoWhereverItSaysIt() throws IOException {
        String contents = "<Contents><Key>x%2Fy</Key><Size>1</Size></Contents>";

        ListingPage plain = ListingPage.parse(new StringReader(HEAD + contents + "</ListBucketResult>"));
        ListingPage encodedAfter = ListingPage.parse(new StringReader(HEAD + contents
                + "<EncodingType>url</EncodingType></ListBucketResult>"));

        assertEquals("x%2Fy", plain.objects().get(0).key());
        assertEquals("x/y", encodedAfter.objects().get(0).key());
    }

    @Test
    void aDelimitedPageNamesItsCommonPrefixesAndATruncatedOneItsNextToken() throws IOException {
        ListingPage page = ListingPage.parse(new StringReader(HEAD + "<EncodingType>url</EncodingType>"
                + "<IsTruncated>true</IsTruncated><NextContinuationToken>tok+en/=</NextContinuationToken>"
                + "<CommonPrefixes><Prefix>market-data%2FAAPL%2F</Prefix></CommonPrefixes>"
                + "<CommonPrefixes><Prefix>market-data%2FMSFT%2F</Prefix></CommonPrefixes></ListBucketResult>"));

        assertEquals(List.of("market-data/AAPL/", "market-data/MSFT/"), page.commonPrefixes());
        assertEquals(List.of(), page.objects());
        assertEquals("tok+en/=", page.nextContinuationToken());
    }

    @Test
    void whatParsesButIsNoListingIsRefusedByName() {
        assertMalformed("a ListBucketResult was expected, not Error",
                "<Error><Code>NoSuchBucket</Code></Error>");
        assertMalformed("an object has no Key", HEAD + "<Contents><Size>1</Size></Contents></ListBucketResult>");
        assertMalformed("an object's Size is 'big'", HEAD + "<Contents><Key>k</Key><Size>big</Size></Contents></ListBucketResult>");
        assertMalformed("an object's LastModified is 'yesterday'",
                HEAD + "<Contents><Key>k</Key><LastModified>yesterday</LastModified></Contents></ListBucketResult>");
        assertMalformed("the page is truncated but has no NextContinuationToken",
                HEAD + "<IsTruncated>true</IsTruncated></ListBucketResult>");
        assertMalformed("CommonPrefixes without a Prefix", HEAD + "<CommonPrefixes></CommonPrefixes></ListBucketResult>");
    }

    @Test
    void aResponseCutShortIsAnIoFailureWhichTheLakeRetries() {
        IOException e = assertThrows(IOException.class, () -> ListingPage.parse(new StringReader(HEAD
                + "<Contents><Key>market-data%2FAAPL%2F2026-11-27.parquet</Key><Si")));

        assertTrue(e.getMessage().startsWith("unreadable listing response"), e.getMessage());
        assertTrue(Retry.isTransient(e));
    }

    @Test
    void noEntityOutsideTheResponseIsRead(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "do-not-read");
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE ListBucketResult [<!ENTITY s SYSTEM \"" + secret.toUri() + "\">]>"
                + "<ListBucketResult><Contents><Key>&s;</Key><Size>1</Size></Contents></ListBucketResult>";

        IOException e = assertThrows(IOException.class, () -> ListingPage.parse(new StringReader(xml)));

        assertFalse(e.getMessage().contains("do-not-read"), e.getMessage());
    }

    private static void assertMalformed(String what, String xml) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ListingPage.parse(new StringReader(xml)));
        assertEquals("malformed listing response: " + what, e.getMessage());
    }
}
