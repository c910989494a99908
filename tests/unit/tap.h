/*
 * Shared main for the Check programs: each test file defines
 * suite_build() and includes this header once.  Results go to stdout as
 * TAP (for automake's tap-driver) followed by Check's own summary line.
 * A file may define TAP_INIT as a function to run first (e.g. to skip).
 */
#ifndef SOUK_TESTS_TAP_H
#define SOUK_TESTS_TAP_H

#include <check.h>
#include <stdlib.h>

static Suite	*suite_build(void);

int
main(void)
{
	SRunner	*sr;
	int	 failed;

#ifdef TAP_INIT
	TAP_INIT();
#endif
	sr = srunner_create(suite_build());
	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
