import Foundation
import Hummingbird
import NIOCore
import QuarryIndex

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `/file?path=P`: opens an indexed file in the browser, and nothing else.
///
/// A path is served only when (1) it is absolute and the catalog holds a file at exactly that
/// path (so `../`, relative and percent-encoded tricks find nothing), (2) with every symbolic
/// link resolved it still lies under an indexed root (so a link to `/etc/passwd` inside a
/// root is refused), and (3) it is a regular file. Anything else is a 404. Text is sent as
/// `text/plain` whatever its extension, so an indexed `.html` or `.svg` never runs as a page.
enum FileRoute {
    /// The real path to send for `path`, or nil when it must not be served.
    static func servable(_ path: String, catalog: CatalogReader) -> String? {
        guard path.hasPrefix("/"), !path.contains("\0"), (try? catalog.contains(path: path)) == true else {
            return nil
        }
        guard let real = realPath(path), let roots = try? catalog.roots() else { return nil }
        let realRoots = roots.compactMap(realPath)
        guard realRoots.contains(where: { real == $0 || real.hasPrefix($0 == "/" ? "/" : $0 + "/") }) else {
            return nil
        }
        var status = stat()
        guard stat(real, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return real
    }

    /// The path with `.`, `..` and every symbolic link resolved; nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The content type a file is sent with: PDFs as PDFs, known binary formats as downloads,
    /// everything else as plain UTF-8 text.
    static func contentType(of path: String) -> (type: String, download: Bool) {
        switch (path as NSString).pathExtension.lowercased() {
        case "pdf": return ("application/pdf", false)
        case "docx": return ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", true)
        case "gz": return ("application/gzip", true)
        default: return ("text/plain; charset=utf-8", false)
        }
    }

    /// The file, streamed in 64 KiB chunks.
    static func response(for path: String) -> Response {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        let (type, download) = contentType(of: path)
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.xContentTypeOptions] = "nosniff"
        headers[.cacheControl] = "no-store"
        let name = (path as NSString).lastPathComponent.unicodeScalars
            .map { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20 ? String($0) : "_" }.joined()
        headers[.contentDisposition] = "\(download ? "attachment" : "inline"); filename=\"\(name)\""
        if !type.hasPrefix("application/pdf") {
            headers[.contentSecurityPolicy] = "default-src 'none'; sandbox"
        }
        let body = ResponseBody(contentLength: size) { writer in
            guard let handle = FileHandle(forReadingAtPath: path) else { throw HTTPError(.notFound) }
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
