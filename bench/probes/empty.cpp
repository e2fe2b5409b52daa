// Start-up probe: nothing but main(). Linked against different library sets by
// bench/probes.sh to measure what loading them costs, without any work.
#ifdef WITH_QT
#include <QCoreApplication>
#endif
int main(int argc, char** argv)
{
#ifdef WITH_QT
    QCoreApplication app(argc, argv);
#else
    (void)argc;
    (void)argv;
#endif
    return 0;
}
