import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Lab client: one GET with the JDK's own HTTP clients, default settings (java LabFetch.java urlconnection|httpclient URL). */
public class LabFetch {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("httpclient")) {
            HttpResponse<String> r = HttpClient.newBuilder().proxy(java.net.ProxySelector.getDefault()).build()
                    .send(HttpRequest.newBuilder(URI.create(args[1])).build(), HttpResponse.BodyHandlers.ofString());
            System.out.println(r.statusCode() + " " + r.version());
        } else {
            var c = (java.net.HttpURLConnection) new URL(args[1]).openConnection();
            try (InputStream in = c.getInputStream()) {
                in.readAllBytes();
            }
            System.out.println(c.getResponseCode());
        }
    }
}
