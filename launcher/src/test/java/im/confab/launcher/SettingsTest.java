package im.confab.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @Test
    void defaultsWithoutConfigFile(@TempDir Path home) throws IOException {
        Settings s = Settings.load(home, Map.of());
        assertEquals(home.resolve("data"), s.data());
        assertEquals(home.resolve("data/run/confabctl.sock"), s.socket());
        assertEquals("im", s.feature());
        Map<String, String> p = s.frameworkProperties(false);
        assertEquals(home.toString(), p.get("confab.home"));
        assertEquals(home.resolve("data/cache").toString(), p.get("org.osgi.framework.storage"));
        assertEquals("onFirstInit", p.get("org.osgi.framework.storage.clean"));
        assertEquals(home.resolve("conf").toString(), p.get("felix.fileinstall.dir"));
        assertEquals("false", p.get("felix.fileinstall.enableConfigSave"));
        assertEquals("true", p.get("felix.fileinstall.noInitialDelay"));
        assertEquals(".*\\.cfg", p.get("felix.fileinstall.filter"));
        assertEquals("--nointeractive --noshutdown", p.get("gosh.args"));
        assertEquals("", s.frameworkProperties(true).get("gosh.args"));
    }

    @Test
    void configFileThenSystemPropertiesThenFixedValues(@TempDir Path home) throws IOException {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/config.properties"), String.join("\n",
                "# comment",
                "confab.feature = core",
                "confab.data = ${confab.home}/../state",
                "felix.fileinstall.poll = 5000",
                "felix.fileinstall.enableConfigSave = true",
                "custom = ${confab.feature}-${user.name}-${undefined}"));
        Settings s = Settings.load(home, Map.of("confab.feature", "im,extra", "user.name", "ann", "other", "x"));
        assertEquals(home.resolve("../state").normalize(), s.data());
        assertEquals("im,extra", s.feature());
        Map<String, String> p = s.frameworkProperties(false);
        assertEquals("5000", p.get("felix.fileinstall.poll"));
        assertEquals("false", p.get("felix.fileinstall.enableConfigSave"), "conf/ must never be written");
        assertEquals("im,extra-ann-${undefined}", p.get("custom"));
        assertEquals(null, p.get("other"), "only confab.* system properties are taken over");
        assertEquals(s.data().toString(), p.get("confab.data"));
    }

    @Test
    void relativeDataDirectoryIsBelowHome(@TempDir Path home) throws IOException {
        Settings s = Settings.load(home, Map.of("confab.data", "var"));
        assertEquals(home.resolve("var"), s.data());
    }

    @Test
    void substitutionIsBoundedAndKeepsUnknownNames() {
        Map<String, String> m = Map.of("a", "${b}", "b", "${a}", "c", "x");
        assertEquals("x-${nope}", Settings.substitute("${c}-${nope}", m::get));
        Settings.substitute("${a}", m::get); // a cycle ends
        assertEquals("${unterminated", Settings.substitute("${unterminated", m::get));
    }
}
