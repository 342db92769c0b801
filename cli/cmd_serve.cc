// sitrep serve (issue 6, web UI): the situation report live over the store, as a JSON API under
// /api/ (src/server/api.h) and a web UI (web/, compiled into the binary with the map libraries
// and Natural Earth countries: cli/web_assets.h). cpp-httplib does the HTTP.
//
// Safety: binds to loopback unless told otherwise (and then says so loudly); read-only; every
// response carries a strict Content-Security-Policy (scripts, styles, data from this server
// only, no inline script, no framing); requests are bounded (httplib's 8 KB request line and
// header lines, at most kMaxHeaders headers, no body, 5 s read timeout); routing never runs a
// regular expression over the request.
//
// Threads: httplib's pool serves requests (--threads, each holding one connection while it is
// kept alive); a refresher thread re-reads the story tables every --refresh seconds and swaps
// in a new snapshot when `sitrep ingest` changed them; a signal thread stops the server on
// SIGINT / SIGTERM.
#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

#include "cli/commands.h"
#include "cli/web_assets.h"
#include "server/api.h"

namespace sitrep::cli {

namespace {

inline constexpr size_t kMaxHeaders = 64;

const char* kCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

std::string ContentType(std::string_view path) {
  auto ends = [&](std::string_view s) {
    return path.size() >= s.size() && path.substr(path.size() - s.size()) == s;
  };
  if (path == "/" || ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json";
  return "application/octet-stream";
}

bool IsLoopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

void SetJson(httplib::Response& res, const server::ApiResponse& r) {
  res.status = r.status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(r.body, "application/json; charset=utf-8");
}

}  // namespace

CommandFn RegisterServe(CLI::App& app, const GlobalOptions& global) {
  struct Args {
    std::string db = "sitrep.db";
    int port = 8080;
    std::string bind = "127.0.0.1";
    int threads = 64;
    int refresh = 2;
    int keep_alive = 100;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "The situation report live over the store: a web UI (story summary, map, events by day,\n"
      "claims ledger, sources, warnings, filters, a document viewer that highlights every span)\n"
      "and the JSON API it uses under /api/ (stories, events, ledger, documents, search; see the\n"
      "README). Read-only; follows the store while `sitrep ingest` writes to it. Binds to\n"
      "loopback unless --bind says otherwise. Stop with Ctrl-C.\n"
      "Example: sitrep serve --db crisis.db --port 8080   # then open http://127.0.0.1:8080/");
  cmd->add_option("--db", args->db, "store file")->capture_default_str();
  cmd->add_option("--port", args->port, "TCP port (0: any free port, printed on stderr)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  cmd->add_option("--bind", args->bind,
                  "address to listen on; anything but loopback exposes the store to the network")
      ->capture_default_str();
  cmd->add_option("--threads", args->threads, "request threads (one per open connection)")
      ->check(CLI::Range(2, 1024))
      ->capture_default_str();
  cmd->add_option("--refresh", args->refresh, "seconds between checks for new stories")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->add_option("--keep-alive", args->keep_alive,
                  "requests served on one connection before it is closed (1: no keep-alive)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  return [args, &global]() -> int {
    (void)global;
    std::error_code ec;
    if (!std::filesystem::exists(args->db, ec)) {
      std::fprintf(stderr, "sitrep: no store at %s (create one with `sitrep ingest --db %s ...`)\n",
                   args->db.c_str(), args->db.c_str());
      return kExitStore;
    }
    server::Api api(args->db);
    if (Status s = api.Refresh(); !s.ok()) {
      std::fprintf(stderr, "sitrep: cannot read %s: %s\n", args->db.c_str(), s.ToString().c_str());
      return kExitStore;
    }
    if (auto snap = api.snapshot(); snap && snap->stories.empty()) {
      std::fprintf(stderr,
                   "sitrep: %s has no stories yet (they appear when `sitrep ingest` finishes, or "
                   "run `sitrep stories --rebuild --db %s`)\n",
                   args->db.c_str(), args->db.c_str());
    }

    // SIGINT / SIGTERM go to the signal thread only.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    httplib::Server svr;
    const int threads = args->threads;
    svr.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
    // Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm and the
    // client's delayed ACK hold some responses for 40 ms.
    svr.set_tcp_nodelay(true);
    svr.set_read_timeout(5, 0);
    svr.set_write_timeout(5, 0);
    svr.set_keep_alive_timeout(5);
    svr.set_keep_alive_max_count(static_cast<size_t>(args->keep_alive));
    svr.set_payload_max_length(64 * 1024);
    svr.set_default_headers({{"Content-Security-Policy", kCsp},
                             {"X-Content-Type-Options", "nosniff"},
                             {"Referrer-Policy", "no-referrer"},
                             {"X-Frame-Options", "DENY"},
                             {"Cross-Origin-Resource-Policy", "same-origin"}});

    std::map<std::string, const WebAsset*> assets;
    for (const WebAsset& a : WebAssets()) assets[a.path] = &a;

    // Everything is answered here, before httplib's regex routing.
    svr.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
      if (req.headers.size() > kMaxHeaders) {
        res.set_header("Connection", "close");
        SetJson(res, server::ErrorResponse(431, "too many header fields"));
        return httplib::Server::HandlerResponse::Handled;
      }
      if (req.method != "GET" && req.method != "HEAD") {
        // The body (if any) is never read: close the connection after answering.
        res.set_header("Connection", "close");
        res.set_header("Allow", "GET, HEAD");
        SetJson(res, server::ErrorResponse(405, "method not allowed: read-only (GET, HEAD)"));
        return httplib::Server::HandlerResponse::Handled;
      }
      if (req.path.rfind("/api/", 0) == 0 || req.path == "/api") {
        server::ApiRequest r;
        r.method = req.method;
        r.path = req.path;
        for (const auto& [k, v] : req.params) r.params.emplace(k, v);
        SetJson(res, api.Handle(r));
        return httplib::Server::HandlerResponse::Handled;
      }
      auto it = assets.find(req.path == "/index.html" ? "/" : req.path);
      if (it == assets.end() || it->second->missing) {
        SetJson(res, server::ErrorResponse(404, it == assets.end()
                                                    ? "not found"
                                                    : "not built into this binary (npm package "
                                                      "missing at build time)"));
        return httplib::Server::HandlerResponse::Handled;
      }
      res.status = 200;
      res.set_header("Cache-Control", "no-cache");
      res.set_content(reinterpret_cast<const char*>(it->second->data), it->second->size,
                      ContentType(it->first));
      return httplib::Server::HandlerResponse::Handled;
    });
    svr.set_error_handler([](const httplib::Request&, httplib::Response& res) {
      // After a request httplib could not parse, nothing more is read from that connection.
      if (res.status == 400 || res.status == 413 || res.status == 414 || res.status == 431) {
        res.set_header("Connection", "close");
      }
      if (res.body.empty()) {
        const char* what = res.status == 400   ? "malformed request"
                           : res.status == 414 ? "request line too long"
                           : res.status == 413 ? "request body too large"
                                               : "error";
        SetJson(res, server::ErrorResponse(res.status, what));
      }
    });
    svr.set_exception_handler([](const httplib::Request&, httplib::Response& res,
                                 std::exception_ptr) {
      SetJson(res, server::ErrorResponse(500, "internal error (a bug: please report it)"));
    });

    int port = args->port;
    if (port == 0) {
      port = svr.bind_to_any_port(args->bind);
      if (port < 0) port = 0;
    } else if (!svr.bind_to_port(args->bind, port)) {
      port = 0;
    }
    if (port == 0) {
      std::fprintf(stderr, "sitrep: cannot listen on %s port %d (in use, or not an address of "
                           "this machine)\n", args->bind.c_str(), args->port);
      return kExitUsage;
    }
    if (!IsLoopback(args->bind)) {
      std::fprintf(stderr,
                   "sitrep: WARNING: listening on %s, not loopback: anyone who can reach this "
                   "machine can read every stored document (no authentication, no TLS)\n",
                   args->bind.c_str());
    }
    std::string host = args->bind.find(':') != std::string::npos ? "[" + args->bind + "]" : args->bind;
    std::fprintf(stderr, "sitrep: serving %s on http://%s:%d/ (Ctrl-C to stop)\n",
                 args->db.c_str(), host.c_str(), port);
    std::fflush(stderr);

    std::mutex mu;
    std::condition_variable cv;
    bool stopping = false;
    std::thread refresher([&] {
      std::unique_lock<std::mutex> lock(mu);
      while (!cv.wait_for(lock, std::chrono::seconds(args->refresh), [&] { return stopping; })) {
        lock.unlock();
        bool changed = false;
        if (Status s = api.Refresh(&changed); !s.ok()) {
          std::fprintf(stderr, "sitrep: re-reading the store: %s (keeping the previous view)\n",
                       s.ToString().c_str());
        } else if (changed) {
          std::fprintf(stderr, "sitrep: stories changed in the store: view reloaded\n");
        }
        lock.lock();
      }
    });
    std::atomic<bool> done{false}, got_signal{false};
    std::thread signaller([&] {
      int sig = 0;
      sigwait(&signals, &sig);
      got_signal = true;
      if (!done) std::fprintf(stderr, "sitrep: stopping\n");
      svr.stop();
    });

    bool ok = svr.listen_after_bind();
    done = true;
    {
      std::lock_guard<std::mutex> lock(mu);
      stopping = true;
    }
    cv.notify_all();
    refresher.join();
    // Wake the signal thread if the server stopped on its own (the signal stays blocked).
    if (!got_signal) kill(getpid(), SIGTERM);
    signaller.join();
    return ok ? kExitOk : kExitInternal;
  };
}

}  // namespace sitrep::cli
