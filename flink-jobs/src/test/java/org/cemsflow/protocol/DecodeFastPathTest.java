package org.cemsflow.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.cemsflow.avro.Reading;
import org.cemsflow.model.Pollutants;
import org.junit.jupiter.api.Test;

/** The decoder's shortcuts give what the plain library calls give. */
class DecodeFastPathTest {
    private static double parse(String text) throws Hj212Exception {
        String padded = "a21026-Rtd=" + text + ",x"; // the value inside a longer text
        return Hj212Codec.parseValue("a21026", "Rtd", padded, 11, 11 + text.length());
    }

    @Test
    void valuesAreWhatDoubleParseDoubleGives() throws Exception {
        Random random = new Random(17);
        for (int k = 0; k < 200_000; k++) {
            StringBuilder b = new StringBuilder();
            if (random.nextInt(4) == 0) {
                b.append(random.nextBoolean() ? '-' : '+');
            }
            int intDigits = random.nextInt(12);
            for (int i = 0; i < intDigits; i++) {
                b.append((char) ('0' + random.nextInt(10)));
            }
            int fracDigits = random.nextInt(4) == 0 ? random.nextInt(25) : random.nextInt(6);
            if (fracDigits > 0 || random.nextInt(8) == 0) {
                b.append('.');
                for (int i = 0; i < fracDigits; i++) {
                    b.append((char) ('0' + random.nextInt(10)));
                }
            }
            if (random.nextInt(20) == 0) {
                b.append(random.nextBoolean() ? 'e' : 'E').append(random.nextInt(40) - 20);
            }
            String text = b.toString();
            if (Hj212Codec.isDecimal(text)) {
                assertEquals(
                        Double.doubleToRawLongBits(Double.parseDouble(text)),
                        Double.doubleToRawLongBits(parse(text)),
                        text);
            } else {
                assertThrows(Hj212Exception.class, () -> parse(text), text);
            }
        }
        for (String text :
                List.of(
                        "0",
                        "-0",
                        "-0.000",
                        "0.1",
                        "0.3",
                        "9007199254740993",
                        "123456789012345",
                        "1234567890123456",
                        "0.000000000000000000001",
                        "1.7976931348623157e308",
                        "4.9e-324",
                        "99999.99",
                        "9999.99",
                        "-273.15",
                        "1.",
                        ".5",
                        "+7")) {
            assertEquals(
                    Double.doubleToRawLongBits(Double.parseDouble(text)),
                    Double.doubleToRawLongBits(parse(text)),
                    text);
        }
        for (String bad :
                List.of(
                        "",
                        "-",
                        ".",
                        "NaN",
                        "Infinity",
                        "0x10",
                        "1f",
                        "1d",
                        "1e",
                        "1.2.3",
                        " 1",
                        "１")) {
            Hj212Exception e = assertThrows(Hj212Exception.class, () -> parse(bad), bad);
            assertEquals(RejectReason.BAD_VALUE, e.reason());
            assertEquals("a21026-Rtd='" + bad + "' is not a number", e.getMessage());
        }
        Hj212Exception none =
                assertThrows(
                        Hj212Exception.class, () -> Hj212Codec.parseValue("a", "Rtd", "x", -1, 0));
        assertEquals("a-Rtd='null' is not a number", none.getMessage());
    }

    @Test
    void codesAreTheirSharedNamesOf2017() {
        for (Pollutants.Pollutant p : Pollutants.all()) {
            for (String code : new String[] {p.code(), p.code2005()}) {
                if (code == null) {
                    continue;
                }
                String text = "x;" + code + "-Rtd";
                String found = CodeTable.code2017(text, 2, 2 + code.length());
                assertEquals(CodeMap.to2017(code), found, code);
                assertSame(found, CodeTable.code2017(text, 2, 2 + code.length()), code);
            }
        }
        for (String unknown : List.of("zz99", "a2102", "a210266", "", "S0")) {
            String text = "x;" + unknown + "-Rtd";
            assertEquals(
                    CodeMap.to2017(unknown), CodeTable.code2017(text, 2, 2 + unknown.length()));
        }
    }

    @Test
    void codesOutsideThePollutantListAreSharedOnceSeenUpToTheBound() throws Exception {
        // a device's parameters (water temperature, conductivity): the same string in every frame
        for (String other : List.of("w01010", "w01014", "B02", "S08")) {
            String text = "x;" + other + "-Rtd=1";
            String first = CodeTable.code2017(text, 2, 2 + other.length());
            assertEquals(CodeMap.to2017(other), first);
            assertSame(first, CodeTable.code2017(new String(text), 2, 2 + other.length()));
        }
        List<Reading> one = Hj212Codec.decode(Hj212Codec.parse(frameWith("w01010-Rtd=21.5")));
        List<Reading> two = Hj212Codec.decode(Hj212Codec.parse(frameWith("w01010-Rtd=21.7")));
        assertSame(one.get(0).getCode(), two.get(0).getCode());
        // past the bound, garbage codes are cut from the text as before: equal, not kept
        for (int i = 0; i < CodeTable.MAX_OTHERS + 50; i++) {
            String code = "zz" + i;
            String text = ";" + code + "-Rtd";
            String found = CodeTable.code2017(text, 1, 1 + code.length());
            assertEquals(code, found);
            assertEquals(code, CodeTable.code2017(text, 1, 1 + code.length()));
        }
        String late = "zz" + (CodeTable.MAX_OTHERS + 49);
        String text = ";" + late + "-Rtd";
        assertNotSame(
                CodeTable.code2017(text, 1, 1 + late.length()),
                CodeTable.code2017(text, 1, 1 + late.length()));
        // those seen before the bound stay shared
        assertSame(
                CodeTable.code2017("x;w01014-Rtd", 2, 8), CodeTable.code2017("y;w01014-Avg", 2, 8));
    }

    /** A real-time upload of one device with {@code items}, its CRC right. */
    private static String frameWith(String items) {
        String body =
                "QN=20260406101500000;ST=32;CN=2011;PW=123456;MN=TESTMN000001;Flag=4;CP=&&DataTime="
                        + "20260406101500;"
                        + items
                        + "&&";
        return Hj212Encoder.wrap(body);
    }

    /** The field's name, a shared constant when it is a known field, else the text as written. */
    private static String at(String s, int from, int to) {
        Fields f = Fields.of(s, from, to);
        return f != null ? f.name() : s.substring(from, to);
    }

    /** The field's place among the known ones, -1 when it is not one. */
    private static int id(String s, int from, int to) {
        Fields f = Fields.of(s, from, to);
        return f != null ? f.ordinal() : -1;
    }

    @Test
    void fieldsAreFoundOrCut() {
        String text = "a-SampleTime=1;a-ZsAvg=2;a-Zs=3";
        assertSame("SampleTime", at(text, 2, 12));
        assertSame("ZsAvg", at(text, 17, 22));
        assertEquals("Zs", at(text, 27, 29));
    }

    @Test
    void aFieldIdIsFoundForItsNameOnlyAndEveryOtherNameIsNone() {
        List<String> known = new java.util.ArrayList<>();
        for (Fields f : Fields.values()) {
            known.add(f.name());
        }
        for (String name : known) {
            String text = "a01-" + name + "=1";
            assertEquals(known.indexOf(name), id(text, 4, 4 + name.length()), name);
            // every one-char change, every prefix: what is not a name exactly has no id
            for (int at = 0; at < name.length(); at++) {
                for (char c = '0'; c <= 'z'; c++) {
                    String other = name.substring(0, at) + c + name.substring(at + 1);
                    assertEquals(known.indexOf(other), id(other, 0, other.length()), other);
                }
                String prefix = name.substring(0, at);
                assertEquals(known.indexOf(prefix), id(prefix, 0, prefix.length()), prefix);
            }
        }
    }
}
