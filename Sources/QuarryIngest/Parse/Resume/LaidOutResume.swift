import QuarryModel

/// Resumes whose text comes from a layout (PDF pages, Word paragraphs): deciding that a text is a
/// resume, undoing line wrapping, and the wider set of headings such resumes use ("Highlights",
/// "Work History"), before the lines go through `ResumeParser`.
enum LaidOutResume {
    /// Headings of resume sections that `SectionHeading` does not know, lower-cased (the
    /// LiveCareer resumes use most of them: "Highlights", "Work History", "Education and Training").
    static let extraHeadings: Set<String> = [
        "highlights", "accomplishments", "qualifications", "core qualifications", "skill highlights",
        "skills highlights", "work history", "employment history", "career history", "professional history",
        "education and training", "training", "additional information", "affiliations",
        "professional affiliations", "personal information", "executive profile", "professional profile",
        "profile", "career overview", "career focus", "core accomplishments", "overview", "volunteer work",
        "community involvement", "licenses", "licenses and certifications", "core competencies",
        "competencies", "areas of expertise", "strengths", "hobbies", "professional development",
        "training and certifications", "education and certifications", "credentials", "military service",
        "summary of qualifications", "career summary", "executive summary", "qualifications summary",
        "technical proficiencies", "accomplishments and awards", "professional accomplishments",
        "selected accomplishments", "memberships", "professional memberships", "certifications and trainings",
        "trainings", "career objective",
    ]

    /// Headings that only a resume has, for telling resumes from papers.
    static let resumeOnlyHeadings: Set<String> = [
        "experience", "work experience", "professional experience", "work history", "employment history",
        "employment", "education", "education and training", "skills", "technical skills", "skill highlights",
        "summary", "professional summary", "career summary", "objective", "career objective", "highlights",
        "accomplishments", "qualifications", "core qualifications", "certifications", "career overview",
        "executive profile", "professional profile", "personal information", "additional information",
    ]

    /// The section heading of a line: `SectionHeading`'s, or one of the extra headings standing alone.
    static func heading(_ line: String) -> String? {
        // SectionHeading takes at most 60 characters (240 bytes) and a capital first letter.
        guard line.utf8.count <= 240, let first = line.unicodeScalars.first,
            first.properties.isUppercase || first == "#" || first == "*"
        else { return nil }
        if let title = SectionHeading.title(of: line) { return title }
        guard let key = headingKey(line), extraHeadings.contains(key) else { return nil }
        return line.trimmingEdges { $0 == ":" || $0.isWhitespace }
    }

    /// The lower-case words of a short line starting with a capital ("Work History:" → "work history"),
    /// or nil for a longer line, one of more than five words, or one holding digits.
    static func headingKey(_ line: String) -> String? {
        guard line.utf8.count <= 48, line.unicodeScalars.first?.properties.isUppercase == true else { return nil }
        return ByteText.isASCII(line) ? asciiHeadingKey(line) : unicodeHeadingKey(line)
    }

    /// `headingKey` of any line, scalar by scalar (after its length and capital were tested).
    static func unicodeHeadingKey(_ line: String) -> String? {
        var key = String.UnicodeScalarView()
        var words = 0
        var pendingSpace = false
        for scalar in line.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic {
                if pendingSpace || key.isEmpty { words += 1 }
                if pendingSpace { key.append(" ") }
                pendingSpace = false
                key.append(scalar)
            } else if ("0"..."9").contains(scalar) {
                return nil
            } else if !key.isEmpty && scalar != "'" && scalar != "’" {
                pendingSpace = true
            }
        }
        return words <= 5 && !key.isEmpty ? String(key) : nil
    }

    /// `headingKey` of an ASCII line, byte by byte: its letters are `[A-Za-z]`, lower-cased by adding 0x20.
    static func asciiHeadingKey(_ line: String) -> String? {
        var key: [UInt8] = []
        var words = 0
        var pendingSpace = false
        for byte in line.utf8 {
            let lower = (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
            if (0x61...0x7A).contains(lower) {
                if pendingSpace || key.isEmpty { words += 1 }
                if pendingSpace { key.append(0x20) }
                pendingSpace = false
                key.append(lower)
            } else if (0x30...0x39).contains(lower) {
                return nil
            } else if !key.isEmpty && lower != UInt8(ascii: "'") {
                pendingSpace = true
            }
        }
        return words <= 5 && !key.isEmpty ? String(decoding: key, as: UTF8.self) : nil
    }

    /// How strongly the lines say "resume": distinct resume-only headings, plus one for an email
    /// address or phone number near the top.
    static func score(_ lines: [String]) -> Int {
        var headings: Set<String> = []
        for line in lines {
            guard let key = headingKey(line) else { continue }
            if resumeOnlyHeadings.contains(key) || SectionHeading.title(of: line).map(SectionHeading.isStrong) == true {
                headings.insert(key)
            }
        }
        let top = lines.lazy.filter { !$0.isEmpty }.prefix(15).joined(separator: "\n")
        let contact = ContactInfo(scanning: top)
        let hasContact = !contact.emails.isEmpty || !contact.phones.isEmpty
        return headings.count + (hasContact ? 1 : 0)
    }

    /// Lines with wrapped text joined again. A line goes on in the next one when it ends in a
    /// comma, when the next one starts in lower case, or when it is nearly as wide as the widest
    /// lines and does not end a sentence; never across a heading, before a bullet, before contact
    /// details (an address starting in lower case) or over a gap between blocks. Empty lines are dropped.
    static func unwrap(_ lines: [String]) -> [String] {
        let widths = lines.map(\.count).filter { $0 > 0 }.sorted()
        let fullWidth = widths.isEmpty ? 0 : widths[widths.count * 95 / 100]
        let wide = fullWidth >= 60 ? fullWidth * 85 / 100 : Int.max
        var result: [String] = []
        var lastIsHeading = true
        var previousWasGap = true
        for line in lines {
            guard !line.isEmpty else {
                previousWasGap = true
                continue
            }
            let isHeading = heading(line) != nil
            if !previousWasGap, !lastIsHeading, !isHeading, let last = result.last,
                !ResumeParser.bulletMarkers.contains(where: line.hasPrefix), !isContact(line),
                last.hasSuffix(",") || line.first?.isLowercase == true || isWrapped(last, wide: wide)
            {
                result[result.count - 1] = PdfText.join([last, line])
            } else {
                result.append(line)
            }
            lastIsHeading = isHeading
            previousWasGap = false
        }
        return result
    }

    /// Whether a line holds a mail address or a link. Only a line holding the byte a needle
    /// starts with (`@`, `:`, `w`) can hold the needle; it is searched byte by byte when it is
    /// ASCII, else through Foundation.
    static func isContact(_ line: String) -> Bool {
        var isASCII: Bool?
        func holds(_ needle: String) -> Bool {
            guard let first = needle.utf8.first, ByteText.contains(line, byte: first) else { return false }
            let ascii = isASCII ?? ByteText.isASCII(line)
            isASCII = ascii
            return ascii ? ByteText.contains(line, needle) : line.contains(needle)
        }
        return holds("@") || holds("://") || holds("www.")
    }

    /// Whether a line filled its width (`wide` characters or more) without ending a sentence.
    private static func isWrapped(_ line: String, wide: Int) -> Bool {
        guard let last = line.last, !".!?:;".contains(last) else { return false }
        return line.count >= wide
    }

    /// Words of job titles, which sit where a name would at the top of anonymised resumes ("SALES ASSOCIATE").
    static let jobWords: Set<String> = [
        "accountant", "accounting", "administrator", "administrative", "advisor", "adviser", "advocate", "agent",
        "aide", "analyst", "apprentice", "architect", "assembler", "assistant", "associate", "attendant",
        "attorney", "auditor", "banker", "bookkeeper", "buyer", "cashier", "chef", "clerk", "coach",
        "consultant", "controller", "coordinator", "counselor", "creator", "custodian", "designer", "developer",
        "director", "distributor", "editor", "educator", "engineer", "engineering", "estimator", "evaluator",
        "executive", "expert", "finance", "financial", "foreman", "generalist", "inspector", "installer",
        "instructor", "intern", "interventionist", "janitor", "laborer", "lecturer", "leader", "machinist",
        "maintainer", "manager", "mechanic", "nurse", "officer", "operator", "paralegal", "pharmacist",
        "photographer", "physician", "planner", "president", "professor", "professional", "programmer",
        "receptionist", "recruiter", "representative", "researcher", "reviewer", "sales", "scientist",
        "secretary", "senior", "sergeant", "specialist", "specialists", "specilist", "staff", "storekeeper",
        "strategist", "superintendent", "supervisor", "teacher", "tech", "technician", "technologist",
        "teller", "therapist", "trainer", "tutor", "worker", "bartender", "contractor", "business",
        "development", "marketing", "technology", "information", "operations", "services", "customer",
        "service", "care", "health", "medical", "chief", "vice", "junior", "substitute", "graphic", "hr", "it",
        "rep", "media", "group", "department", "warehouse", "construction", "aviation", "clinical", "social",
        "digital", "technical", "educational", "product", "client", "corporate", "claims", "fitness", "flight",
        "school", "library", "support", "field", "of", "and", "the", "for",
    ]

    /// Whether a name-shaped line is a job title instead.
    static func isJobTitle(_ line: String) -> Bool {
        Normalize.words(of: line).contains(where: jobWords.contains)
    }

    /// The resume record (with `pages`) and its publications' paper records, from layout lines;
    /// `isHeading` marks lines the layout itself declares headings (Word heading styles).
    static func records(lines: [String], pages: [String], isHeading: (String) -> Bool = { _ in false }) -> [Record] {
        var records = ResumeParser.records(in: lines) { line in
            isHeading(line) ? line.trimmed : heading(line)
        }
        // A job title taken for the name is no person: drop it, also from the publications'
        // author lists, where the parser added the owner.
        var notPeople: Set<String> = []
        for index in records.indices {
            guard case .resume(var resume) = records[index] else { continue }
            if let person = resume.person, isJobTitle(person) {
                notPeople.insert(person)
                resume.person = nil
                resume.publications = resume.publications.map { withoutAuthors(notPeople, $0) }
            }
            resume.pages = pages
            records[index] = .resume(resume)
        }
        guard !notPeople.isEmpty else { return records }
        return records.map { record in
            if case .paper(let paper) = record { return .paper(withoutAuthors(notPeople, paper)) }
            return record
        }
    }

    /// The paper without the given author names.
    private static func withoutAuthors(_ names: Set<String>, _ paper: Paper) -> Paper {
        var paper = paper
        paper.authors.removeAll { names.contains($0) }
        return paper
    }
}
