package io.proxyaudit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxyaudit.flow.ProcessInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The client behind a process comment, from command lines as the programs run: cmd/go, git and the ssh it runs
 * (git connect.c), pip as a script or {@code python -m pip}, npm's shebang script under node, Maven's mvn script
 * (which execs java with plexus-classworlds), Gradle's launcher and daemon, cargo, dockerd; ptcpdump's own corpus
 * examples (curl, dig).
 */
class ProcessNamesTest {
    @ParameterizedTest(name = "{0} | {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            /usr/local/go/bin/go   | go mod download                                                              | -             | 443  | go-http  | go
            /usr/bin/git           | git clone https://github.com/o/r                                             | -             | 443  | git-curl | git
            /usr/lib/git-core/git-remote-https | git-remote-https origin https://github.com/o/r                   | /usr/bin/git  | 443  | git-curl | git-remote-https
            /usr/bin/git           | git fetch git://git.corp/r                                                   | -             | 9418 | git-daemon | git
            /usr/bin/ssh           | ssh -o SendEnv=GIT_PROTOCOL git@github.com git-upload-pack 'o/r.git'         | /usr/bin/git  | 22   | git-ssh  | ssh
            /usr/bin/ssh           | ssh admin@bastion                                                            | /usr/bin/bash | 22   | other    | ssh
            /usr/bin/pip3          | /usr/bin/python3 /usr/bin/pip3 install requests                              | -             | 443  | pip      | pip3
            /usr/bin/python3.11    | /usr/bin/python3 -m pip install requests                                     | -             | 443  | pip      | python3.11
            /usr/bin/python3.11    | /usr/bin/python3 /usr/bin/pip install requests                               | -             | 443  | pip      | python3.11
            /usr/bin/python3.11    | python3 fetch.py                                                             | -             | 443  | python   | python3.11
            /usr/bin/node          | node /usr/bin/npm ci                                                         | -             | 443  | npm      | node
            /usr/bin/node          | npm ci                                                                       | -             | 443  | npm      | node
            /usr/bin/node          | node /usr/share/nodejs/npm/bin/npm-cli.js install                            | -             | 443  | npm      | node
            /usr/bin/node          | node server.js                                                               | -             | 443  | node     | node
            /usr/lib/jvm/java-17-openjdk-amd64/bin/java | /usr/lib/jvm/java-17-openjdk-amd64/bin/java -classpath /usr/share/maven/boot/plexus-classworlds-2.x.jar -Dclassworlds.conf=/usr/share/maven/bin/m2.conf -Dmaven.home=/usr/share/maven org.codehaus.plexus.classworlds.launcher.Launcher package | - | 443 | maven | java
            /usr/lib/jvm/java-17-openjdk-amd64/bin/java | java -cp /root/.gradle/wrapper/dists/gradle-8.5-bin/x/gradle-8.5/lib/gradle-launcher-8.5.jar org.gradle.launcher.daemon.bootstrap.GradleDaemon 8.5 | - | 443 | gradle | java
            /usr/lib/jvm/java-17-openjdk-amd64/bin/java | java -jar app.jar                                     | -             | 443  | java     | java
            /usr/bin/cargo         | cargo fetch                                                                  | -             | 443  | cargo    | cargo
            /usr/sbin/dockerd      | /usr/sbin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock       | /lib/systemd/systemd | 443 | docker | dockerd
            /usr/bin/curl          | curl https://kernel.org                                                      | /usr/bin/bash | 443  | curl     | curl
            /usr/bin/dig           | dig example.com                                                              | /usr/bin/bash | 53   | other    | dig
            -                      | wget -q https://x.example/f                                                  | -             | 443  | other    | wget
            """)
    void clientFromTheProcess(String command, String args, String parent, int port, String client, String program) {
        Attribution a = ProcessNames.of(new ProcessInfo(1, command, args, -1, 2, parent, null, null), port);
        assertEquals(client, a.client().wire());
        assertEquals(program, a.program());
        assertEquals(Attribution.Evidence.PROCESS, a.evidence());
        assertEquals("process " + program + " (pid 1)", a.detail());
    }
}
