import ArgumentParser
import Foundation
import QuarryIndex
import QuarryModel
import TOMLKit

/// The config file, `$XDG_CONFIG_HOME/quarry/config.toml` (`~/.config/quarry/config.toml` when
/// XDG_CONFIG_HOME is unset):
///
///     index = "~/papers/.quarry"        # the index when neither --index nor $QUARRY_INDEX is given
///     roots = ["~/papers", "~/cvs"]     # what `quarry index` indexes when given no folder
///     facets = ["author", "year"]       # what `quarry search` and the API count by default
///
/// `~/` is the home folder; other relative paths are relative to the file's folder.
struct ConfigFile: Equatable {
    var index: String?
    var roots: [String] = []
    var facets: [String] = []

    /// The keys a config file may hold.
    static let keys = ["index", "roots", "facets"]

    /// Where the file is for this environment.
    static func path(environment: [String: String]) -> String {
        if let base = environment["XDG_CONFIG_HOME"], base.hasPrefix("/") {
            return base + "/quarry/config.toml"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.config/quarry/config.toml"
    }

    /// The config of this environment; nil when there is no file. A file that does not parse,
    /// holds an unknown key or a value of the wrong type is an error naming the file, line and key.
    static func load(environment: [String: String]) throws(ConfigError) -> ConfigFile? {
        let path = path(environment: environment)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigError(path: path, message: "cannot be read as UTF-8 text")
        }
        return try parse(text, path: path, home: environment["HOME"] ?? NSHomeDirectory())
    }

    /// Parses the text of a config file at `path`.
    static func parse(_ text: String, path: String, home: String) throws(ConfigError) -> ConfigFile {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(
                path: path, line: error.source.begin.line, column: error.source.begin.column,
                message: error.description)
        } catch {
            throw ConfigError(path: path, message: "\(error)")
        }
        var config = ConfigFile()
        let folder = (path as NSString).deletingLastPathComponent
        func resolve(_ value: String) -> String {
            if value == "~" { return home }
            if value.hasPrefix("~/") { return home + value.dropFirst(1) }
            if value.hasPrefix("/") { return value }
            return URL(fileURLWithPath: folder + "/" + value).standardizedFileURL.path
        }
        func strings(_ key: String) throws(ConfigError) -> [String] {
            guard let array = table[key]?.array else {
                throw ConfigError(path: path, message: "'\(key)' must be a list of strings, like \(key) = [\"…\"]")
            }
            var values: [String] = []
            for element in array {
                guard let text = element.string else {
                    throw ConfigError(path: path, message: "'\(key)' must be a list of strings, like \(key) = [\"…\"]")
                }
                values.append(text)
            }
            return values
        }
        for key in table.keys {
            switch key {
            case "index":
                guard let value = table[key]?.string, !value.isEmpty else {
                    throw ConfigError(path: path, message: "'index' must be a folder path in quotes")
                }
                config.index = resolve(value)
            case "roots":
                config.roots = try strings(key).map(resolve)
            case "facets":
                config.facets = try strings(key)
                for facet in config.facets where !Schema.facetNames.contains(facet) {
                    throw ConfigError(
                        path: path,
                        message:
                            "unknown facet '\(facet)' in 'facets' (facets: \(Schema.facetNames.joined(separator: ", ")))"
                    )
                }
            default:
                throw ConfigError(
                    path: path, message: "unknown key '\(key)' (keys: \(keys.joined(separator: ", ")))")
            }
        }
        return config
    }
}

/// A config file that cannot be used: names the file and, when known, the line and column (exit 78).
struct ConfigError: Error, Equatable, CustomStringConvertible {
    var path: String
    var line: Int? = nil
    var column: Int? = nil
    var message: String

    var description: String {
        let place = line.map { ":\($0)" + (column.map { ":\($0)" } ?? "") } ?? ""
        return "\(path)\(place): \(message)"
    }
}

/// What a command needs to know about its index, from the options, environment and config file.
struct IndexSettings {
    /// The index to use.
    var location: IndexLocation
    /// Folders to index when none is given (the config file's `roots`).
    var roots: [String]
    /// Facets to count by default (the config file's `facets`, else every facet).
    var facets: [String]
    /// Whether the location was chosen explicitly (`--index`, `$QUARRY_INDEX`, config) rather than `./Index`.
    var source: Source

    enum Source: String { case option, environment, config, fallback }
}

/// The `--index PATH` option every command shares, and the rest of the lookup:
/// `--index`, then `$QUARRY_INDEX`, then the config file's `index`, then `./Index`.
struct IndexOptions: ParsableArguments {
    @Option(
        name: .customLong("index"),
        help: ArgumentHelp(
            "The index folder (default: $QUARRY_INDEX, else the config file's index, else ./Index).",
            valueName: "dir"),
        completion: .directory)
    var path: String?

    /// The settings; a broken config file is reported (exit 78, EX_CONFIG).
    func settings(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> IndexSettings {
        let config: ConfigFile?
        do throws(ConfigError) {
            config = try ConfigFile.load(environment: environment)
        } catch {
            printError("config: \(error.description)")
            throw ExitStatus.config
        }
        let facets = config?.facets.isEmpty == false ? config!.facets : Schema.facetNames
        let roots = config?.roots ?? []
        if let path {
            return IndexSettings(location: IndexLocation(path: path), roots: roots, facets: facets, source: .option)
        }
        if let variable = environment["QUARRY_INDEX"], !variable.isEmpty {
            return IndexSettings(
                location: IndexLocation(path: variable), roots: roots, facets: facets, source: .environment)
        }
        if let index = config?.index {
            return IndexSettings(location: IndexLocation(path: index), roots: roots, facets: facets, source: .config)
        }
        return IndexSettings(location: IndexLocation(path: "Index"), roots: roots, facets: facets, source: .fallback)
    }
}
