/* bench-verify.c: how long verifying 1 and 20 accounts takes when every
 * server answers slowly. The server is the real Dovecot that test-verify.sh
 * starts (make bench), behind a proxy in this program that waits DELAY_MS
 * before it forwards a connection, as a distant server would. Verifying
 * 20 at once should take about as long as 1. Prints
 *   verify 1: 0.25 s, verify 20: 0.29 s, ratio 1.16
 * and exits non-zero if any login failed. */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mailfix.h"

#define DELAY_MS 200
#define MANY 20

typedef struct {
  gint listen_fd;
  guint16 port;
  guint16 upstream_port;
  GThread *thread;
  gint stopping;
  gint links;       /* connections still being forwarded */
} Proxy;

typedef struct {
  gint client;
  Proxy *proxy;
} Link;

static gint
connect_loopback (guint16 port)
{
  struct sockaddr_in sin = { 0 };
  gint fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  sin.sin_port = htons (port);
  if (fd >= 0 && connect (fd, (struct sockaddr *) &sin, sizeof sin) != 0) {
    close (fd);
    return -1;
  }
  return fd;
}

/* copies what is ready on from to to; FALSE when from is done */
static gboolean
pump (gint from, gint to)
{
  gchar buf[16384];
  ssize_t n = recv (from, buf, sizeof buf, 0);

  if (n <= 0)
    return FALSE;
  for (ssize_t done = 0; done < n;) {
    ssize_t w = send (to, buf + done, (size_t) (n - done), MSG_NOSIGNAL);
    if (w <= 0)
      return FALSE;
    done += w;
  }
  return TRUE;
}

static gpointer
link_thread (gpointer data)
{
  Link *link = data;
  gint upstream;

  /* the slow part: a distant server's round trips, in one wait */
  g_usleep (DELAY_MS * 1000);
  upstream = connect_loopback (link->proxy->upstream_port);
  if (upstream >= 0) {
    for (;;) {
      struct pollfd fds[2] = { { link->client, POLLIN, 0 }, { upstream, POLLIN, 0 } };
      if (poll (fds, 2, 30000) <= 0)
        break;
      if (fds[0].revents != 0 && !pump (link->client, upstream))
        break;
      if (fds[1].revents != 0 && !pump (upstream, link->client))
        break;
    }
    close (upstream);
  }
  close (link->client);
  g_atomic_int_dec_and_test (&link->proxy->links);
  g_free (link);
  return NULL;
}

static gpointer
proxy_thread (gpointer data)
{
  Proxy *proxy = data;

  for (;;) {
    gint client = accept (proxy->listen_fd, NULL, NULL);
    Link *link;

    if (client < 0) {
      if (errno == EINTR)
        continue;
      return NULL;
    }
    if (g_atomic_int_get (&proxy->stopping)) {
      close (client);
      return NULL;
    }
    link = g_new0 (Link, 1);
    link->client = client;
    link->proxy = proxy;
    g_atomic_int_inc (&proxy->links);
    g_thread_unref (g_thread_new ("link", link_thread, link));
  }
}

static guint16
proxy_start (Proxy *proxy, guint16 upstream_port)
{
  struct sockaddr_in sin = { 0 };
  socklen_t len = sizeof sin;

  proxy->upstream_port = upstream_port;
  proxy->listen_fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (proxy->listen_fd < 0 || bind (proxy->listen_fd, (struct sockaddr *) &sin, sizeof sin) != 0 ||
      listen (proxy->listen_fd, 128) != 0 ||
      getsockname (proxy->listen_fd, (struct sockaddr *) &sin, &len) != 0)
    g_error ("cannot start the delaying proxy: %s", g_strerror (errno));
  proxy->port = ntohs (sin.sin_port);
  proxy->thread = g_thread_new ("proxy", proxy_thread, proxy);
  return proxy->port;
}

static void
proxy_stop (Proxy *proxy)
{
  gint wake;

  /* a connection of our own wakes accept() to see the flag */
  g_atomic_int_set (&proxy->stopping, 1);
  wake = connect_loopback (proxy->port);
  g_thread_join (proxy->thread);
  if (wake >= 0)
    close (wake);
  close (proxy->listen_fd);
  for (guint i = 0; i < 500 && g_atomic_int_get (&proxy->links) > 0; i++)
    g_usleep (10 * 1000);
}

/* verifies n accounts at once; returns the seconds it took */
static gdouble
run (guint n, guint16 port, gboolean *all_ok)
{
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) results = NULL;
  g_autofree const gchar **passwords = g_new0 (const gchar *, n);
  MfVerifyOptions options = { g_getenv ("MF_TEST_CA"), 10000 };
  gint64 start;
  gdouble secs;

  for (guint i = 0; i < n; i++) {
    MfServer *server = mf_server_new (MF_PROTOCOL_IMAP);
    mf_server_set_security (server, MF_SECURITY_TLS);
    mf_server_set_host (server, "127.0.0.1");
    mf_server_set_port (server, port);
    mf_server_set_username (server, g_getenv ("MF_TEST_USER"));
    g_ptr_array_add (servers, server);
    passwords[i] = g_getenv ("MF_TEST_PASSWORD");
  }
  start = g_get_monotonic_time ();
  results = mf_verify_servers (servers, passwords, &options, NULL);
  secs = (g_get_monotonic_time () - start) / 1e6;
  for (guint i = 0; i < results->len; i++) {
    MfVerifyResult *result = g_ptr_array_index (results, i);
    if (mf_verify_result_get_status (result) != MF_VERIFY_OK) {
      g_printerr ("bench-verify: %s\n", mf_verify_result_get_message (result));
      *all_ok = FALSE;
    }
  }
  return secs;
}

int
main (int argc, char **argv)
{
  Proxy proxy = { 0 };
  gboolean all_ok = TRUE;
  guint16 port;
  gdouble one, many;

  if (g_getenv ("MF_TEST_PORT_IMAPS") == NULL || g_getenv ("MF_TEST_CA") == NULL) {
    g_printerr ("bench-verify: run it through test-verify.sh (make bench), which starts Dovecot\n");
    return 2;
  }
  port = proxy_start (&proxy, (guint16) g_ascii_strtoull (g_getenv ("MF_TEST_PORT_IMAPS"), NULL, 10));
  /* once untimed, so that Dovecot's first login process is up */
  run (1, port, &all_ok);
  one = run (1, port, &all_ok);
  many = run (MANY, port, &all_ok);
  proxy_stop (&proxy);
  g_print ("server delay %u ms: verify 1: %.2f s, verify %u: %.2f s, ratio %.2f\n",
           DELAY_MS, one, MANY, many, many / one);
  return all_ok ? 0 : 1;
}
