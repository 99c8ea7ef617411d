/// arXiv archive codes and their names, as profile pages abbreviate them (`LG` = `cs.LG`).
public enum ArxivCategory {
    /// Full code → name, for the computer-science archive and the few others seen in profiles.
    public static let names: [String: String] = [
        "cs.AI": "Artificial Intelligence",
        "cs.AR": "Hardware Architecture",
        "cs.CC": "Computational Complexity",
        "cs.CE": "Computational Engineering, Finance, and Science",
        "cs.CG": "Computational Geometry",
        "cs.CL": "Computation and Language",
        "cs.CR": "Cryptography and Security",
        "cs.CV": "Computer Vision and Pattern Recognition",
        "cs.CY": "Computers and Society",
        "cs.DB": "Databases",
        "cs.DC": "Distributed, Parallel, and Cluster Computing",
        "cs.DL": "Digital Libraries",
        "cs.DM": "Discrete Mathematics",
        "cs.DS": "Data Structures and Algorithms",
        "cs.ET": "Emerging Technologies",
        "cs.FL": "Formal Languages and Automata Theory",
        "cs.GL": "General Literature",
        "cs.GR": "Graphics",
        "cs.GT": "Computer Science and Game Theory",
        "cs.HC": "Human-Computer Interaction",
        "cs.IR": "Information Retrieval",
        "cs.IT": "Information Theory",
        "cs.LG": "Machine Learning",
        "cs.LO": "Logic in Computer Science",
        "cs.MA": "Multiagent Systems",
        "cs.MM": "Multimedia",
        "cs.MS": "Mathematical Software",
        "cs.NA": "Numerical Analysis",
        "cs.NE": "Neural and Evolutionary Computing",
        "cs.NI": "Networking and Internet Architecture",
        "cs.OH": "Other Computer Science",
        "cs.OS": "Operating Systems",
        "cs.PF": "Performance",
        "cs.PL": "Programming Languages",
        "cs.RO": "Robotics",
        "cs.SC": "Symbolic Computation",
        "cs.SD": "Sound",
        "cs.SE": "Software Engineering",
        "cs.SI": "Social and Information Networks",
        "cs.SY": "Systems and Control",
        "q-bio.BM": "Biomolecules",
        "q-bio.GN": "Genomics",
        "q-bio.NC": "Neurons and Cognition",
        "q-bio.QM": "Quantitative Methods",
        "stat.ML": "Machine Learning (Statistics)",
        "stat.ME": "Methodology",
        "eess.AS": "Audio and Speech Processing",
        "eess.IV": "Image and Video Processing",
        "eess.SP": "Signal Processing",
        "eess.SY": "Systems and Control (EESS)",
        "math.OC": "Optimization and Control",
        "quant-ph": "Quantum Physics",
        "physics.comp-ph": "Computational Physics",
    ]

    /// Short codes as profile pages print them, mapped to the full code (`LG` → `cs.LG`, `BM` → `q-bio.BM`).
    public static let shortCodes: [String: String] = {
        var map: [String: String] = [:]
        for code in names.keys.sorted() {
            guard let dot = code.firstIndex(of: ".") else { continue }
            let short = String(code[code.index(after: dot)...])
            // Computer science wins a clash (cs.SY over eess.SY, cs.LG over stat.ML's archive).
            if map[short] == nil || code.hasPrefix("cs.") { map[short] = code }
        }
        return map
    }()

    /// The venue for a short or full code, or nil when the code is unknown.
    public static func venue(forCode code: String) -> Venue? {
        let full = names[code] != nil ? code : shortCodes[code]
        guard let full, let name = names[full] else { return nil }
        return Venue(code: full, name: name)
    }
}
