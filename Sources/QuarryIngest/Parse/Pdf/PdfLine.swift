import Foundation
import QuarryModel

/// One line of a page rebuilt from its words: the text, the font size most of its characters
/// have, its vertical extent, and its cells (runs of words separated by a wide gap).
struct PdfLine: Hashable, Sendable {
    var text: String
    var fontSize: Double
    var top: Double
    var bottom: Double
    var cells: [String]

    /// Lines from words in reading order: a word starts a new line when it does not overlap the
    /// current line vertically or moves back to the left; within a line, a gap wider than one
    /// and a half times the font size starts a new cell (authors set side by side).
    static func lines(of words: [PdfWord]) -> [PdfLine] {
        var lines: [PdfLine] = []
        var current: [PdfWord] = []
        func finish() {
            guard !current.isEmpty else { return }
            var cells: [String] = []
            var cell = ""
            var sizes: [Double: Int] = [:]
            for (index, word) in current.enumerated() {
                sizes[(word.fontSize * 2).rounded() / 2, default: 0] += word.text.count
                if index > 0 {
                    let previous = current[index - 1]
                    let gap = word.x - (previous.x + previous.width)
                    if gap > 1.5 * max(word.fontSize, previous.fontSize, 1) {
                        cells.append(cell)
                        cell = ""
                    } else if previous.spaceAfter || gap > 0.15 * max(word.fontSize, 1) {
                        cell += " "
                    }
                }
                cell += word.text
            }
            cells.append(cell)
            cells = cells.map { $0.trimmed }.filter { !$0.isEmpty }
            let size = sizes.max { $0.value < $1.value || ($0.value == $1.value && $0.key < $1.key) }?.key ?? 0
            lines.append(
                PdfLine(
                    text: cells.joined(separator: " "), fontSize: size,
                    top: current.map(\.y).min() ?? 0, bottom: current.map { $0.y + $0.height }.max() ?? 0,
                    cells: cells))
            current = []
        }
        for word in words where !word.text.trimmed.isEmpty {
            if let last = current.last {
                let middle = word.y + word.height / 2
                let top = current.map(\.y).min() ?? last.y
                let bottom = current.map { $0.y + $0.height }.max() ?? last.y + last.height
                if middle < top || middle > bottom || word.x < last.x { finish() }
            }
            current.append(word)
        }
        finish()
        return lines.filter { !$0.text.isEmpty }
    }

    /// The font size of most characters of the lines: the body text's size.
    static func bodySize(of lines: [PdfLine]) -> Double {
        var sizes: [Double: Int] = [:]
        for line in lines { sizes[line.fontSize, default: 0] += line.text.count }
        return sizes.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? 0
    }
}
