package extract

// Internals for the external tests.
var (
	FindDatesRegexp = findDatesRegexp
	DatePieces      = datePieces
)
