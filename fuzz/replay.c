/*
 * replay: run a fuzz target's LLVMFuzzerTestOneInput over files and
 * directories of inputs, without libFuzzer, so that `make check` replays
 * every corpus under the ordinary compiler (and its sanitizers).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
replay_file(const char *path)
{
	unsigned char *buf;
	long len;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		perror(path);
		return -1;
	}
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	buf = malloc(len > 0 ? (size_t)len : 1);
	if (buf == NULL || fread(buf, 1, (size_t)len, fp) != (size_t)len) {
		perror(path);
		fclose(fp);
		free(buf);
		return -1;
	}
	fclose(fp);
	LLVMFuzzerTestOneInput(buf, (size_t)len);
	free(buf);
	return 0;
}

static int
replay(const char *path, int *n)
{
	struct dirent *de;
	struct stat sb;
	char sub[4096];
	DIR *d;
	int rc = 0;

	if (stat(path, &sb) == -1) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(sb.st_mode)) {
		(*n)++;
		return replay_file(path);
	}
	if ((d = opendir(path)) == NULL) {
		perror(path);
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		rc = replay(sub, n);
	}
	closedir(d);
	return rc;
}

int
main(int argc, char **argv)
{
	int i, n = 0;

	for (i = 1; i < argc; i++)
		if (replay(argv[i], &n) == -1)
			return 1;
	printf("replayed %d inputs\n", n);
	return n > 0 ? 0 : 1;
}
