import ArgumentParser
import Foundation
import QuarryIndex
import QuarryModel
import QuarryQuery

/// `quarry show ID`: one item, whole, with its sources.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one item (paper, resume, document) whole, with every file it was found in.",
        discussion: """
            IDs are printed in brackets after each search hit and in the "id" field of
            --json. "person:NAME" shows a person: their papers from all sources, their
            resume, their co-authors and venues.

            Examples:
              quarry show pd3feacb23599
              quarry show r456b84496dc2 --json
              quarry show "person:Ahan Gupta"
            """)

    @Argument(help: "The item's id, or person:NAME.")
    var id: String

    @Flag(help: "Print JSON: the item as search prints it, with its text, pages and resume.")
    var json = false

    @OptionGroup var color: ColorOptions

    @OptionGroup var index: IndexOptions

    func run() throws {
        let settings = try index.settings()
        if id.hasPrefix("person:") {
            let person: Person
            do throws(SearchError) {
                person = try Searcher(location: settings.location).person(named: String(id.dropFirst("person:".count)))
            } catch {
                throw report(error)
            }
            print(json ? JSONOutput.person(person) : Render.person(person), terminator: json ? "\n" : "")
            return
        }
        let item: IndexedItem
        do throws(SearchError) {
            item = try Searcher(location: settings.location).item(id: id)
        } catch {
            throw report(error)
        }
        if json {
            print(JSONOutput.item(item))
        } else {
            print(Render.item(item, colour: color.enabled()), terminator: "")
        }
    }
}

/// `quarry similar ID`: more like this.
struct SimilarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar",
        abstract: "Find papers or resumes like a given item (more like this).",
        discussion: """
            Picks the item's most telling words (Xapian's relevance-feedback expansion)
            and ranks everything else by them.

            Examples:
              quarry similar pd3feacb23599
              quarry similar r456b84496dc2 --filter kind:resume --json
            """)

    @Argument(help: "The item's id.")
    var id: String

    @Option(help: "Hits per page.")
    var limit = 10

    @OptionGroup var filters: FilterOptions

    @Flag(help: "Print JSON (the shape of search --json).")
    var json = false

    @OptionGroup var color: ColorOptions

    @OptionGroup var index: IndexOptions

    func run() throws {
        let settings = try index.settings()
        let result: SearchResult
        do throws(SearchError) {
            let options = SearchOptions(limit: limit, filters: try filters.parsed(), facetLimit: 10)
            result = try Searcher(location: settings.location).similar(to: id, options: options)
        } catch {
            throw report(error)
        }
        print(
            json ? JSONOutput.search(result) : Render.text(result, colour: color.enabled()),
            terminator: json ? "\n" : "")
    }
}
