package scan

import "regexp"

// contextRules find secrets by the code or output around them: a name
// that says what the value is, a call that gives a secret variable a
// hard-coded default, or a message that prints a generated password.
func contextRules() []Rule {
	return []Rule{
		{
			ID:          "facebook-app-secret",
			Description: "Facebook app secret assigned to a facebook name",
			Regex: regexp.MustCompile(`(?i)facebook[\w.-]{0,20}?(?:secret|key)["']?\s*` +
				`(?:[:=]|=>)\s*["']?(?P<secret>[a-f0-9]{32})\b`),
			Keywords: []string{"facebook"},
			Entropy:  3,
		},
		{
			ID:          "build-config-secret",
			Description: "Secret compiled into an Android BuildConfig field",
			Regex: regexp.MustCompile(`buildConfigField\s*\(?\s*["']String["']\s*,\s*` +
				`["'](?P<name>\w+)["']\s*,\s*["']\\?"(?P<secret>[^"'\\\s]{8,})\\?"["']`),
			Keywords: []string{"buildconfigfield"},
			Entropy:  3,
			Verify:   secretNamed,
		},
		{
			ID: "env-default-secret",
			Description: "Secret given as the default of an environment " +
				"variable lookup",
			Regex: regexp.MustCompile(`(?:\benv|\bgetenv|environ\.get)\(\s*["']` +
				`(?P<name>[\w.-]+)["']\s*,\s*["'](?P<secret>[^"'\s]{8,})["']\s*\)`),
			Keywords: []string{"env(", "environ.get("},
			Entropy:  3,
			Verify:   secretNamed,
		},
		{
			ID: "terraform-variable-default",
			Description: "Secret given as the default of a Terraform " +
				"variable",
			Regex: regexp.MustCompile(`\bvariable\s+"(?P<name>[\w-]+)"\s*\{[^}]{0,200}?` +
				`\bdefault\s*=\s*"(?P<secret>[^"\s]{8,})"`),
			Keywords: []string{"variable"},
			Entropy:  3,
			Lines:    6,
			Verify:   secretNamed,
		},
		{
			ID:          "jwt-secret",
			Description: "JWT signing secret of any characters in a quoted value",
			Regex: regexp.MustCompile(`(?i)\bjwt[_.-]?secret(?:[_.-]?key)?["']?\s*(?:[:=]|=>)\s*` +
				`["'](?P<secret>[^\n]{16,}?)["'](?:[\s,;})]|$)`),
			Keywords: []string{"jwt"},
			Entropy:  4,
		},
		{
			ID:          "jenkins-crumb",
			Description: "Jenkins CSRF crumb sent in a request header",
			Regex: regexp.MustCompile(`(?i)Jenkins-Crumb\s*[:=]\s*` +
				`(?P<secret>[a-f0-9]{32,64})\b`),
			Keywords: []string{"jenkins-crumb"},
			Entropy:  3,
		},
		{
			ID: "jenkins-initial-password",
			Description: "Initial admin password printed by Jenkins's " +
				"setup wizard",
			Regex: regexp.MustCompile(`(?i)password to proceed to installation:\s*` +
				`(?P<secret>[a-f0-9]{32})\b`),
			Keywords: []string{"proceed to installation"},
			Entropy:  3,
			Lines:    3,
		},
	}
}
